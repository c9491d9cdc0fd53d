using System.Diagnostics;

namespace Functional.Benchmarks;

/// <summary>
/// Where a training step of the book's CNN spends its time: the network is unrolled into its 35 layers, and each
/// layer's forward and pullback are timed separately over several steps at batch 256 (train mode). Prints one
/// row per layer (milliseconds per step, median over the reps) and totals per layer kind. Profiling aid for issue 7.
/// </summary>
static class CnnLayersBenchmark
{
    public static int Run(string[] args)
    {
        var reps = Timing.Option(args, "--reps", 5);
        var batch = Timing.Option(args, "--batch", 256);
        // --cpu: process CPU time instead of wall time, steadier on a shared machine when everything runs on one thread
        var cpu = args.Contains("--cpu");
        var process = System.Diagnostics.Process.GetCurrentProcess();
        double Now() { if (!cpu) return Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency; process.Refresh(); return process.TotalProcessorTime.TotalMilliseconds; }
        var layers = new List<Layer>();
        var last = 1;
        foreach (var c in new[] { 32, 64, 128, 256, 512 })
        {
            layers.AddRange([Nn.Conv2d(last, c, 3, padding: 1), Nn.ReLU(), Nn.BatchNorm2d(c),
                             Nn.Conv2d(c, c, 3, stride: 2, padding: 1), Nn.ReLU(), Nn.BatchNorm2d(c)]);
            last = c;
        }
        layers.AddRange([Nn.Flatten(), Nn.Linear(512, 50), Nn.ReLU(), Nn.BatchNorm1d(50), Nn.Linear(50, 10), Nn.LogSoftmax(-1)]);

        var shape = Shape.Of(-1, 1, 28, 28);
        var inits = new List<Initialized<float>>();
        for (var i = 0; i < layers.Count; i++) { var init = layers[i].Init<float>(shape, new Rng((ulong)i)); inits.Add(init); shape = init.Output; }
        var x0 = Tensor.Randn<float>(new Rng(99), batch, 1, 28, 28);
        var fwd = new double[layers.Count][];
        var back = new double[layers.Count][];
        for (var i = 0; i < layers.Count; i++) { fwd[i] = new double[reps]; back[i] = new double[reps]; }
        using var arena = StepArena.Enter();      // as inside Trainer.Epoch: each step reuses the last one's dead arrays
        for (var r = -1; r < reps; r++)          // r = -1 warms up
        {
            var x = x0;
            var pullbacks = new Pullback<float>[layers.Count];
            for (var i = 0; i < layers.Count; i++)
            {
                var t = Now();
                var f = layers[i].Forward(inits[i].Params, inits[i].State, x, Context.Train(new Rng((ulong)r + 7)));
                if (r >= 0) fwd[i][r] = Now() - t;
                (x, pullbacks[i]) = (f.Output, f.Pullback);
            }
            var dy = Tensor.Full(1f / x.Size, x.Shape.ToArray());
            for (var i = layers.Count - 1; i >= 0; i--)
            {
                var t = Now();
                dy = pullbacks[i](dy, needInputGrad: i > 0).Input!;
                if (r >= 0) back[i][r] = Now() - t;
                if (i == 0) break;
            }
            arena.EndStep(live: null);
        }
        static double Median(double[] a) => a.Order().ElementAt(a.Length / 2);
        Console.WriteLine($"# CNN layers, batch {batch}, median of {reps} steps, {(cpu ? "process CPU" : "wall")} ms, {Blas.Describe()}");
        Console.WriteLine($"{"layer",-40} {"forward ms",11} {"pullback ms",12}");
        var kinds = new Dictionary<string, (double F, double B)>();
        for (var i = 0; i < layers.Count; i++)
        {
            var (f, b) = (Median(fwd[i]), Median(back[i]));
            Console.WriteLine($"{i,2} {layers[i],-37} {f,11:F2} {b,12:F2}");
            var kind = layers[i] is Conv2d c ? (c.Stride.Item1 == 2 ? "Conv2d stride 2" : "Conv2d stride 1") : layers[i].GetType().Name;
            kinds[kind] = kinds.TryGetValue(kind, out var k) ? (k.F + f, k.B + b) : (f, b);
        }
        Console.WriteLine();
        foreach (var (kind, (f, b)) in kinds.OrderByDescending(k => k.Value.F + k.Value.B))
            Console.WriteLine($"{kind,-40} {f,11:F2} {b,12:F2}");
        Console.WriteLine($"{"total",-40} {kinds.Values.Sum(k => k.F),11:F2} {kinds.Values.Sum(k => k.B),12:F2}");
        return 0;
    }
}
