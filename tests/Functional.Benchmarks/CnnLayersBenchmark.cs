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
        // --model fc: the CLI's fc model instead (Linear+LeakyReLU fused as Sequential runs them, then BatchNorm1d, per block)
        var fc = Timing.Option(args, "--model", "cnn") == "fc";
        var layers = new List<Layer>();
        var last = 1;
        if (fc)
        {
            last = 28 * 28;
            foreach (var size in new[] { 630, 476, 322, 168 })     // FcModel.HiddenSizes(784, 10, 5)
            {
                layers.AddRange([Nn.Sequential(Nn.Linear(last, size), Nn.LeakyReLU()), Nn.BatchNorm1d(size)]);
                last = size;
            }
            layers.AddRange([Nn.Linear(last, 10), Nn.LogSoftmax(-1)]);
        }
        else
        {
            foreach (var c in new[] { 32, 64, 128, 256, 512 })
            {
                layers.AddRange([Nn.Conv2d(last, c, 3, padding: 1), Nn.ReLU(), Nn.BatchNorm2d(c),
                                 Nn.Conv2d(c, c, 3, stride: 2, padding: 1), Nn.ReLU(), Nn.BatchNorm2d(c)]);
                last = c;
            }
            layers.AddRange([Nn.Flatten(), Nn.Linear(512, 50), Nn.ReLU(), Nn.BatchNorm1d(50), Nn.Linear(50, 10), Nn.LogSoftmax(-1)]);
        }

        var shape = fc ? Shape.Of(-1, 28 * 28) : Shape.Of(-1, 1, 28, 28);
        var inits = new List<Initialized<float>>();
        for (var i = 0; i < layers.Count; i++) { var init = layers[i].Init<float>(shape, new Rng((ulong)i)); inits.Add(init); shape = init.Output; }
        var x0 = fc ? Tensor.Randn<float>(new Rng(99), batch, 28 * 28) : Tensor.Randn<float>(new Rng(99), batch, 1, 28, 28);
        Blas.TimeGemm = true;       // each layer's GEMM wall time beside its own
        var gemmF = new double[layers.Count][];
        var gemmB = new double[layers.Count][];
        for (var i = 0; i < layers.Count; i++) { gemmF[i] = new double[reps]; gemmB[i] = new double[reps]; }
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
                var (t, g) = (Now(), Blas.GemmSeconds);
                var f = layers[i].Forward(inits[i].Params, inits[i].State, x, Context.Train(new Rng((ulong)r + 7)));
                if (r >= 0) (fwd[i][r], gemmF[i][r]) = (Now() - t, (Blas.GemmSeconds - g) * 1e3);
                (x, pullbacks[i]) = (f.Output, f.Pullback);
            }
            var dy = Tensor.Full(1f / x.Size, x.Shape.ToArray());
            for (var i = layers.Count - 1; i >= 0; i--)
            {
                var (t, g) = (Now(), Blas.GemmSeconds);
                dy = pullbacks[i](dy, needInputGrad: i > 0).Input!;
                if (r >= 0) (back[i][r], gemmB[i][r]) = (Now() - t, (Blas.GemmSeconds - g) * 1e3);
                if (i == 0) break;
            }
            arena.EndStep(live: null);
        }
        static double Median(double[] a) => a.Order().ElementAt(a.Length / 2);
        Console.WriteLine($"# {(fc ? "fc" : "CNN")} layers, batch {batch}, median of {reps} steps, {(cpu ? "process CPU" : "wall")} ms (GEMM: wall time inside GEMM calls), {Blas.Describe()}");
        Console.WriteLine($"{"layer",-40} {"forward ms",11} {"(GEMM)",8} {"pullback ms",12} {"(GEMM)",8}");
        var kinds = new Dictionary<string, (double F, double GF, double B, double GB)>();
        for (var i = 0; i < layers.Count; i++)
        {
            var (f, gf, b, gb) = (Median(fwd[i]), Median(gemmF[i]), Median(back[i]), Median(gemmB[i]));
            Console.WriteLine($"{i,2} {layers[i],-37} {f,11:F2} {gf,8:F2} {b,12:F2} {gb,8:F2}");
            var kind = layers[i] is Conv2d c ? (c.Stride.Item1 == 2 ? "Conv2d stride 2" : "Conv2d stride 1") : layers[i].GetType().Name;
            kinds[kind] = kinds.TryGetValue(kind, out var k) ? (k.F + f, k.GF + gf, k.B + b, k.GB + gb) : (f, gf, b, gb);
        }
        Console.WriteLine();
        foreach (var (kind, (f, gf, b, gb)) in kinds.OrderByDescending(k => k.Value.F + k.Value.B))
            Console.WriteLine($"{kind,-40} {f,11:F2} {gf,8:F2} {b,12:F2} {gb,8:F2}");
        Console.WriteLine($"{"total",-40} {kinds.Values.Sum(k => k.F),11:F2} {kinds.Values.Sum(k => k.GF),8:F2} {kinds.Values.Sum(k => k.B),12:F2} {kinds.Values.Sum(k => k.GB),8:F2}");
        return 0;
    }
}
