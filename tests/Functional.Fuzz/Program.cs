using Functional;
using Functional.Cli.Training;
using Functional.Fuzz;

// functional-fuzz TARGET          : the AFL loop (SharpFuzz out-of-process) over target TARGET
// functional-fuzz seeds DIR       : writes the generated seeds (checkpoint) under DIR/TARGET/
// functional-fuzz replay TARGET F : runs one input once (to reproduce a finding)
if (args is ["seeds", var dir]) { Seeds.Write(dir); return 0; }
if (args is ["replay", var t, var file]) { FuzzTargets.Run(t, File.ReadAllBytes(file)); return 0; }
if (args is not [var target] || !FuzzTargets.Names.Contains(target) && target != FuzzTargets.Canary)
{
    Console.Error.WriteLine($"usage: Functional.Fuzz TARGET | seeds DIR | replay TARGET FILE   (targets: {string.Join(", ", FuzzTargets.Names)})");
    return 2;
}
SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
{
    using var m = new MemoryStream();
    stream.CopyTo(m);
    FuzzTargets.Run(target, m.ToArray());
});
return 0;

/// <summary>Seeds that the library writes itself.</summary>
internal static class Seeds
{
    public static void Write(string dir)
    {
        var t = CheckpointModel.Trainer;
        var rng = new Rng(3);
        var x = Tensor.Randn<float>(rng, 8, 3);
        var y = Tensor.FromArray(new float[] { 0, 1, 1, 0, 1, 0, 0, 1 }, 8);
        var data = new Dataset<float>(x, y);
        var run = t.Fit(t.Start(CheckpointModel.Init(), new Rng(2)), data.Take(6), data.Range(6, 2), new FitOptions(1, 6));
        var path = Path.Combine(dir, "checkpoint", "adam.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Checkpoint.Save(path, run, new Dictionary<string, string> { [SavedModel.ConfigKey] = new TrainConfig().ToJson() });
        Console.WriteLine($"{path}: {new FileInfo(path).Length} bytes");
    }
}
