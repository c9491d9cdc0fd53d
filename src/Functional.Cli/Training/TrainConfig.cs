using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Functional.Cli.Models;

namespace Functional.Cli.Training;

/// <summary>
/// Everything a <c>train</c> run was asked for; saved as JSON (snake_case, the book's config names) in the checkpoint's
/// <c>config</c> metadata, so <c>predict</c>, <c>evaluate</c> and <c>--resume</c> rebuild the same model on the same data.
/// </summary>
public sealed record TrainConfig
{
    /// <summary>The model options.</summary>
    public ModelOptions ModelOptions { get; init; } = new();
    /// <summary>The fraction of the (limited) training images used for training; the rest validates.</summary>
    public double TrainRatio { get; init; } = 0.8;
    /// <summary>The minibatch size.</summary>
    public int BatchSize { get; init; } = 256;
    /// <summary>The epoch count to reach.</summary>
    public int NEpochs { get; init; } = 20;
    /// <summary>The optimizer name: adam, adamw, sgd, rmsprop or adagrad.</summary>
    public string Optimizer { get; init; } = "adam";
    /// <summary>The learning rate; null for PyTorch's default of the optimizer.</summary>
    public double? Lr { get; init; }
    /// <summary>Clip gradients to this global norm before the optimizer; null for no clipping.</summary>
    public double? MaxGradNorm { get; init; }
    /// <summary>Early-stopping patience in epochs; null never stops early.</summary>
    public int? Patience { get; init; }
    /// <summary>The seed of the split, the initialization, the shuffles and the dropout masks.</summary>
    public ulong Seed { get; init; } = 42;
    /// <summary>Use only the first N training images; null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>The names <c>--optimizer</c> accepts.</summary>
    public static ImmutableArray<string> Optimizers { get; } = ["adam", "adamw", "sgd", "rmsprop", "adagrad"];

    /// <summary>PyTorch's default learning rate of an optimizer (SGD has none in PyTorch; 0.01 here).</summary>
    public static double DefaultLr(string optimizer) => optimizer is "adam" or "adamw" ? 1e-3 : 1e-2;

    /// <summary>The learning rate in force: <see cref="Lr"/> or the optimizer's default.</summary>
    [JsonIgnore]
    public double EffectiveLr => Lr ?? DefaultLr(Optimizer);

    /// <summary>The gradient transformation: the named <c>torch.optim</c> optimizer, after global-norm clipping when asked.</summary>
    public GradientTransformation BuildOptimizer()
    {
        var lr = EffectiveLr;
        GradientTransformation opt = Optimizer switch
        {
            "adam" => Optim.Adam(lr),
            "adamw" => Optim.AdamW(lr),
            "sgd" => Optim.Sgd(lr),
            "rmsprop" => Optim.RmsProp(lr),
            "adagrad" => Optim.Adagrad(lr),
            _ => throw new CliException($"unknown optimizer '{Optimizer}'; known: {string.Join(", ", Optimizers)}"),
        };
        return MaxGradNorm is { } m ? Optim.Chain(new ClipByGlobalNorm(m), opt) : opt;
    }

    /// <summary>The optimizer in one line, e.g. <c>adam(lr=0.001)</c>.</summary>
    public string DescribeOptimizer()
        => $"{Optimizer}(lr={EffectiveLr.ToString(CultureInfo.InvariantCulture)})" +
           (MaxGradNorm is { } m ? $" after clip_grad_norm(max_norm={m.ToString(CultureInfo.InvariantCulture)})" : "");

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>The config as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses the JSON of <see cref="ToJson"/>.</summary>
    /// <exception cref="CliException">The JSON is malformed; the message names <paramref name="source"/>.</exception>
    public static TrainConfig FromJson(string json, string source)
    {
        try { return JsonSerializer.Deserialize<TrainConfig>(json, Json) ?? throw new JsonException("null config"); }
        catch (JsonException e) { throw new CliException($"{source}: the saved config is not valid: {e.Message}"); }
    }
}
