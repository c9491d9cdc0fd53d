using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Functional.Cli.Models;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

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

    /// <summary>
    /// Checks every field at once: the config itself, or every problem found, each naming its field (a config read from
    /// a checkpoint was written by another run, or by hand, so nothing in it is taken on trust).
    /// </summary>
    /// <example><code>
    /// new TrainConfig { BatchSize = 0, Optimizer = "lbfgs" }.Validate()
    ///     // Fail: [batch_size must be positive, got 0; optimizer 'lbfgs' is unknown (known: adam, adamw, sgd, rmsprop, adagrad)]
    /// </code></example>
    public Validation<Error, TrainConfig> Validate()
    {
        var m = ModelOptions;
        var checks = Seq(
            Check(TrainRatio > 0 && TrainRatio < 1, $"train_ratio must be in (0, 1), got {Show(TrainRatio)}"),
            Check(BatchSize > 0, $"batch_size must be positive, got {BatchSize}"),
            Check(NEpochs > 0, $"n_epochs must be positive, got {NEpochs}"),
            Check(Optimizers.Contains(Optimizer), $"optimizer '{Optimizer}' is unknown (known: {string.Join(", ", Optimizers)})"),
            Check(Lr is null || (double.IsFinite(Lr.Value) && Lr > 0), $"lr must be a positive number, got {Show(Lr)}"),
            Check(MaxGradNorm is null || (double.IsFinite(MaxGradNorm.Value) && MaxGradNorm > 0), $"max_grad_norm must be a positive number, got {Show(MaxGradNorm)}"),
            Check(Patience is null || Patience > 0, $"patience must be positive, got {Patience}"),
            Check(Limit is null || Limit > 0, $"limit must be positive, got {Limit}"),
            Check(m is not null, "model_options is missing"),
            Check(m is null || ModelRegistry.Names.Contains(m.Model), $"model_options.model '{m?.Model}' is unknown (known: {string.Join(", ", ModelRegistry.Names)})"),
            Check(m is null || m.NLayers > 0, $"model_options.n_layers must be positive, got {m?.NLayers}"),
            Check(m is null || (m.DropoutP >= 0 && m.DropoutP < 1), $"model_options.dropout_p must be in [0, 1), got {Show(m?.DropoutP)}"),
            Check(m is null || m.HiddenSize > 0, $"model_options.hidden_size must be positive, got {m?.HiddenSize}"));
        return checks.Sequence().Map(_ => this);

        static Validation<Error, Unit> Check(bool ok, string message) => ok ? Success<Error, Unit>(unit) : Fail<Error, Unit>(Error.New(message));
        static string Show(double? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "null";
    }

    /// <summary>Parses the JSON of <see cref="ToJson"/> and <see cref="Validate"/>s it.</summary>
    /// <exception cref="CliException">
    /// The JSON is malformed, or fields are out of range; the message names <paramref name="source"/> and lists every
    /// problem, one per line.
    /// </exception>
    public static TrainConfig FromJson(string json, string source)
    {
        TrainConfig config;
        try { config = JsonSerializer.Deserialize<TrainConfig>(json, Json) ?? throw new JsonException("null config"); }
        catch (JsonException e) { throw new CliException($"{source}: the saved config is not valid: {e.Message}"); }
        return config.Checked($"{source}: the saved config");
    }

    /// <summary><see cref="Validate"/>, throwing every problem at once.</summary>
    /// <param name="what">What the config came from, e.g. <c>run.safetensors: the saved config</c> or <c>the options</c>.</param>
    /// <exception cref="CliException">Fields are out of range; the message lists every problem, one per line.</exception>
    public TrainConfig Checked(string what)
        => Validate().Match(
            Succ: c => c,
            Fail: errors => throw new CliException(
                $"{what} is not valid:{string.Concat(errors.Map(e => $"{Environment.NewLine}  {e.Message}"))}"));
}
