using System.Text;
using Functional.Cli;
using Functional.Cli.Training;
using Functional.Conformance;

namespace Functional.Fuzz;

/// <summary>
/// One adapter per parser: feeds the bytes to the parser and returns normally when it gives a value or its documented
/// error. Anything else escapes, and is a finding. Shared (as a linked source file) by the fuzz harness and the
/// regression test in Functional.Tests, so both check the same contract. When a parser moves to <c>Fin</c>, only its
/// adapter's one line changes.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The target names, in the order the docs list them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["safetensors", "checkpoint", "idx", "csv", "spec", "manifest"];

    /// <summary>Runs target <paramref name="name"/> on <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">No such target.</exception>
    public static void Run(string name, byte[] data)
    {
        switch (name)
        {
            case "safetensors": Documented(() => SafeTensors.Parse(data, "fuzz.safetensors"), typeof(SafeTensorsException)); break;
            case "checkpoint": Documented(() => ReadCheckpoint(data), typeof(SafeTensorsException), typeof(CliException)); break;
            case "idx": Documented(() => Idx.Read(new MemoryStream(data), "fuzz.idx", IdxKind.Any, Bound(data)), typeof(IdxFormatException)); break;
            case "csv": Fin(Csv.Load(Temp(data, data is [0x1f, 0x8b, ..] ? "fuzz.csv.gz" : "fuzz.csv"), headerLines: 1)); break;
            case "spec": Documented(() => ModelSpec.Layer(Encoding.UTF8.GetString(data)), typeof(SpecException), typeof(UnsupportedSpecException)); break;
            case "manifest": Documented(() => Manifest.Read(Path.GetDirectoryName(Temp(data, "manifest.json"))!), typeof(ConformanceException)); break;
            case Canary: PlantedCrash(data); break;
            default: throw new ArgumentException($"unknown fuzz target '{name}' (known: {string.Join(", ", Names)})", nameof(name));
        }
    }

    /// <summary>
    /// The harness's own check, not a parser: target <c>canary</c> reads the input as IDX (the instrumented reader, so
    /// AFL++ sees coverage) and throws an undocumented exception when it is a valid IDX file whose first data byte is
    /// 255. A short campaign from a valid IDX seed of zeros must report a crash; that proves an exception escaping an
    /// adapter registers as an AFL++ crash (docs/reliability.md). It is not in <see cref="Names"/>, so the regression
    /// replay never runs it.
    /// </summary>
    public const string Canary = "canary";

    private static void PlantedCrash(byte[] data)
    {
        var idx = Idx.Read(new MemoryStream(data), "canary.idx", IdxKind.Any, Bound(data));
        if (idx.Exists(a => a.Data is [255, ..])) throw new IndexOutOfRangeException("the canary's planted crash");
    }

    // IDX's allocation bound: the body may not exceed 64 × the input (gzip's usual ratios stay far below) plus 1 KiB.
    private static long Bound(byte[] data) => 64L * data.Length + 1024;

    // The checkpoint target: header metadata and tensors (safetensors), the CLI's config JSON, optimizer state and
    // history (Checkpoint.LoadRun into a fixed small model and optimizer, the one Seeds.Checkpoint writes).
    private static void ReadCheckpoint(byte[] data)
    {
        var file = SafeTensors.Parse(data, "fuzz-checkpoint.safetensors");
        if (file.Metadata.TryGetValue(SavedModel.ConfigKey, out var json)) TrainConfig.FromJson(json, "fuzz-checkpoint.safetensors");
        Checkpoint.LoadRun(file, CheckpointModel.Trainer, CheckpointModel.Init());
    }

    private static void Documented(Action parse, params Type[] documented)
    {
        try { parse(); }
        catch (Exception e) when (documented.Contains(e.GetType())) { }
    }

    private static void Fin<T>(LanguageExt.Fin<T> result) => _ = result.IsSucc;

    private static readonly string Dir = Path.Combine(Path.GetTempPath(), $"functional-fuzz-{Environment.ProcessId}");

    private static string Temp(byte[] data, string name)
    {
        Directory.CreateDirectory(Dir);
        foreach (var f in Directory.GetFiles(Dir)) File.Delete(f);
        var path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, data);
        return path;
    }
}

/// <summary>The small model and optimizer the checkpoint target loads into (and its seeds are written from).</summary>
public static class CheckpointModel
{
    /// <summary>Linear(3, 4), batch norm (layer state), Linear(4, 2), log-softmax.</summary>
    public static readonly Layer Net = Nn.Sequential(Nn.Linear(3, 4), Nn.BatchNorm1d(4), Nn.Linear(4, 2), Nn.LogSoftmax());

    /// <summary>NLL loss and Adam.</summary>
    public static readonly Trainer<float> Trainer = new(Net, new NllLoss(), Optim.Adam(1e-2));

    /// <summary>Fresh parameters and state.</summary>
    public static Initialized<float> Init() => Net.Init<float>(Shape.Of(-1, 3), new Rng(1));
}
