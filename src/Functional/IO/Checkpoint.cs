using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using LanguageExt;
using LanguageExt.Common;

namespace Functional;

/// <summary>
/// A training checkpoint in one safetensors file, written atomically (temporary file, then rename):
/// <list type="bullet">
/// <item>the chosen weights (<see cref="FitResult{T}.Params"/> and <see cref="FitResult{T}.LayerState"/>, the best epoch's when
/// restoring) under PyTorch state-dict names, so the file loads into the PyTorch model; <c>num_batches_tracked</c> is
/// written as <c>I64</c>, as PyTorch keeps it;</item>
/// <item>the final training state, for resuming: the final weights under <c>final/</c> (omitted when they are the chosen
/// ones), the optimizer state under <c>optim/</c> (see <see cref="WriteOptState{T}"/>), and in the metadata the step,
/// epoch, random key, history and early-stopping state (<c>train.*</c>);</item>
/// <item>the caller's metadata, e.g. a model configuration as JSON.</item>
/// </list>
/// Resuming from <see cref="LoadRun{T}"/> with <see cref="Trainer{T}.Fit"/> or <see cref="Trainer{T}.Epochs(TrainState{T}, Dataset{T}, Dataset{T}?, FitOptions, Action{TrainingEvent}?, FitResult{T}?)"/> continues bit-identically.
/// </summary>
/// <example><code>
/// var run = trainer.Fit(state, train, valid, new FitOptions(Epochs: 2, BatchSize: 256));
/// Checkpoint.Save("model.safetensors", run, new Dictionary&lt;string, string&gt; { ["config"] = json });
/// var file = Checkpoint.Read("model.safetensors").ThrowIfFail();
/// var resumed = trainer.Fit(state, train, valid, new FitOptions(Epochs: 4, BatchSize: 256), resume: Checkpoint.LoadRun(file, trainer, init).ThrowIfFail());
/// </code></example>
public static partial class Checkpoint
{
    /// <summary>The value of the <c>format</c> metadata entry.</summary>
    public const string Format = "functional-checkpoint/1";

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Writes <paramref name="run"/> to <paramref name="path"/>.</summary>
    /// <param name="path">The file to write (replaced atomically).</param>
    /// <param name="run">The training run.</param>
    /// <param name="metadata">Extra metadata entries (their keys must not start with <c>train.</c> or <c>optim</c>).</param>
    /// <param name="names">Maps a tree path to its state-dict name (identity by default).</param>
    /// <exception cref="SafeTensorsException">The file cannot be written.</exception>
    public static void Save<T>(string path, FitResult<T> run, IReadOnlyDictionary<string, string>? metadata = null, Func<string, string>? names = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        names ??= (p => p);
        var tensors = new List<SafeTensor>();
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in metadata ?? new Dictionary<string, string>())
        {
            if (k.StartsWith("train.", StringComparison.Ordinal) || k.StartsWith("optim", StringComparison.Ordinal) || k == "format")
                throw new ArgumentException($"Checkpoint: metadata key '{k}' is reserved", nameof(metadata));
            meta[k] = v;
        }
        meta["format"] = Format;
        AddWeights(tensors, run.Params, run.LayerState, "", names);
        var final = run.Final;
        var same = ReferenceEquals(final.Params, run.Params) && ReferenceEquals(final.LayerState, run.LayerState);
        if (!same) AddWeights(tensors, final.Params, final.LayerState, "final/", names);
        meta["train.final"] = same ? "chosen" : "stored";
        meta["train.step"] = final.Step.ToString(CultureInfo.InvariantCulture);
        meta["train.epoch"] = final.Epoch.ToString(CultureInfo.InvariantCulture);
        meta["train.rng"] = final.Rng.Key.ToString(CultureInfo.InvariantCulture);
        meta["train.history"] = JsonSerializer.Serialize(run.History.Epochs.Select(e => new[] { e.Epoch, e.TrainLoss, e.ValidLoss, e.LearningRate }), Json);
        var s = run.Stopping;
        meta["train.stopping"] = JsonSerializer.Serialize(new StoppingDto(s.BestMetric, s.BestEpoch, s.Epoch, s.EpochsWithoutImprovement, s.ShouldStop), Json);
        WriteOptState<T>(final.OptState, "optim", tensors, meta, names);
        SafeTensors.Write(path, new SafeTensorFile(tensors, meta, path));
    }

    /// <summary>Reads a checkpoint file (any safetensors file; training entries are checked when loaded).</summary>
    /// <returns>The file, or a failure (a <see cref="SafeTensorsException"/>: missing, truncated or malformed) naming it.</returns>
    public static Fin<SafeTensorFile> Read(string path) => SafeTensors.Read(path);

    /// <summary>
    /// The chosen weights, shaped like <paramref name="parametersLike"/> and <paramref name="stateLike"/>, by state-dict name.
    /// </summary>
    /// <returns>The weights, or a failure (a <see cref="SafeTensorsException"/>: a tensor is missing or has the wrong
    /// shape) naming the file, the tensor and both shapes.</returns>
    public static Fin<(Tree<T> Params, Tree<T> State)> LoadWeights<T>(SafeTensorFile file, Tree<T> parametersLike, Tree<T> stateLike,
        Func<string, string>? names = null) where T : unmanaged, IFloatingPointIeee754<T>
        => Catch(() => Weights(file, parametersLike, stateLike, names ?? (p => p)));

    private static (Tree<T> Params, Tree<T> State) Weights<T>(SafeTensorFile file, Tree<T> parametersLike, Tree<T> stateLike,
        Func<string, string> names) where T : unmanaged, IFloatingPointIeee754<T>
        => (LoadTree(file, parametersLike, "", names), LoadTree(file, stateLike, "", names));

    private static Fin<TResult> Catch<TResult>(Func<TResult> load)
    {
        try { return load(); }
        catch (SafeTensorsException e) { return Error.New(e); }
    }

    /// <summary>
    /// The run stored in <paramref name="file"/>, to pass as <c>resume:</c> to <see cref="Trainer{T}.Fit"/>.
    /// <paramref name="like"/> gives the shapes (a fresh <c>model.Init</c>); the optimizer state is shaped by
    /// <c>trainer.Optimizer.Init(like.Params)</c>.
    /// </summary>
    /// <returns>The run, or a failure (a <see cref="SafeTensorsException"/>: the file holds no training state, or it
    /// does not match the model or optimizer) naming the file and the fault.</returns>
    public static Fin<FitResult<T>> LoadRun<T>(SafeTensorFile file, Trainer<T> trainer, Initialized<T> like, Func<string, string>? names = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Catch(() => Run(file, trainer, like, names));

    private static FitResult<T> Run<T>(SafeTensorFile file, Trainer<T> trainer, Initialized<T> like, Func<string, string>? names)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        names ??= (p => p);
        if (!file.Metadata.TryGetValue("format", out var format) || format != Format)
            throw new SafeTensorsException(file.Source, $"not a training checkpoint (metadata 'format' is {(format is null ? "missing" : $"'{format}'")}, expected '{Format}')");
        var (bestP, bestS) = Weights(file, like.Params, like.State, names);
        var stored = Meta(file, "train.final") == "stored";
        var finalP = stored ? LoadTree(file, like.Params, "final/", names) : bestP;
        var finalS = stored ? LoadTree(file, like.State, "final/", names) : bestS;
        var opt = ReadOptState<T>(file, trainer.Optimizer.Init(like.Params), "optim", names);
        var state = new TrainState<T>(finalP, finalS, opt, new Rng(Parse<ulong>(file, "train.rng")), Parse<int>(file, "train.step"), Parse<int>(file, "train.epoch"));
        try
        {
            var rows = JsonSerializer.Deserialize<double[][]>(Meta(file, "train.history"), Json) ?? [];
            var history = new History(rows.Select(r => new EpochRecord((int)r[0], r[1], r[2], r[3])).ToImmutableList());
            var s = JsonSerializer.Deserialize<StoppingDto>(Meta(file, "train.stopping"), Json)
                    ?? throw new JsonException("null");
            var stopping = new EarlyStoppingState<(Tree<T>, Tree<T>)>(s.BestMetric, s.BestEpoch, s.Epoch, s.Wait,
                s.BestEpoch < 0 ? default : (bestP, bestS), s.ShouldStop);
            return new FitResult<T>(state, bestP, bestS, history, stopping);
        }
        catch (Exception e) when (e is JsonException or IndexOutOfRangeException or NotSupportedException)
        {
            throw new SafeTensorsException(file.Source, "the training history or early-stopping state is malformed: " + e.Message, e);
        }
    }

    private static void AddWeights<T>(List<SafeTensor> tensors, Tree<T> parameters, Tree<T> state, string prefix, Func<string, string> names)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var (p, v) in parameters.Leaves()) tensors.Add(SafeTensor.From(prefix + names(p), v));
        foreach (var (p, v) in state.Leaves())
            tensors.Add(SafeTensor.From(prefix + names(p), v, p.EndsWith("num_batches_tracked", StringComparison.Ordinal) ? DType.I64 : null));
    }

    private static Tree<T> LoadTree<T>(SafeTensorFile file, Tree<T> like, string prefix, Func<string, string> names)
        where T : unmanaged, IFloatingPointIeee754<T>
        => like.Map((path, t) =>
        {
            var key = prefix + names(path);
            var entry = file.Find(key) ?? throw new SafeTensorsException(file.Source, $"no tensor named '{key}' (the model expects shape {t.Shape})");
            if (entry.Shape != t.Shape)
                throw new SafeTensorsException(file.Source, $"tensor '{key}' has shape {entry.Shape}, but the model expects {t.Shape}");
            return entry.ToTensor<T>();
        });

    private static TN Parse<TN>(SafeTensorFile file, string key) where TN : IParsable<TN>
        => TN.TryParse(Meta(file, key), CultureInfo.InvariantCulture, out var v) ? v
           : throw new SafeTensorsException(file.Source, $"metadata '{key}' = '{file.Metadata[key]}' is not a valid {typeof(TN).Name}");

    private sealed record StoppingDto(double BestMetric, int BestEpoch, int Epoch, int Wait, bool ShouldStop);
}
