using System.Diagnostics;
using System.Globalization;
using Functional.Cli.Models;
using Functional.Cli.Onnx;

namespace Functional.Benchmarks;

/// <summary>
/// Inference throughput of the CLI's fc and cnn models (book settings, eval mode, float32) at batch 1 and 256, in
/// images per second: our <see cref="Layer.Apply{T}"/>, ONNX Runtime 1.32 on the model exported with
/// <c>Onnx.ToBytes</c> (same thread count as ours), and, with <c>--peer</c>, PyTorch 1.13 (<c>peer/infer.py</c>,
/// <c>torch.no_grad()</c>, 2 threads). Each timed run classifies 256 images (256 calls at batch 1). Ours and ONNX Runtime
/// alternate in this process; the peer runs once per round between them. Ratios are of medians. With <c>--layers</c>
/// it also prints where our forward spends its time, per layer kind. Options: --reps N (per round), --rounds R,
/// --peer, --layers, --only fc|cnn.
/// </summary>
static class InferBenchmark
{
    public static int Run(string[] args)
    {
        var reps = Timing.Option(args, "--reps", 7);
        var rounds = Timing.Option(args, "--rounds", 3);
        var peer = args.Contains("--peer");
        var only = Array.IndexOf(args, "--only") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var threads = Blas.Threads;
        Console.WriteLine($"# inference, float32, eval mode; ours: {Blas.Describe()}; ONNX Runtime 1.32 intra-op threads {threads}; " +
                          $"PyTorch 1.13: {(peer ? "2 threads, OPENBLAS_NUM_THREADS=1" : "not run (--peer)")}");
        Console.WriteLine("| model | batch | ours img/s | ONNX Runtime img/s | PyTorch img/s | ours/ORT time | ours/PyTorch time |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        var options = new ModelOptions("fc", 5, false, 0.3, 128);
        foreach (var (name, factory) in new (string, IModelFactory)[] { ("fc", new FcModel()), ("cnn", new CnnModel()) })
        {
            if (only is not null && only != name) continue;
            var model = factory.Build(options with { Model = name }, 28, 28, 10);
            var shape = factory.Layout.Shape(28, 28);
            var init = model.Init<float>(shape, new Rng(0));
            using var ort = new OrtRunner(Functional.Onnx.Onnx.ToBytes(model, init.Params, init.State, shape), threads);
            foreach (var batch in new[] { 1, 256 })
            {
                var calls = 256 / batch;
                var xs = Enumerable.Range(0, calls).Select(c => Tensor.Uniform<float>(new Rng((ulong)c), 0, 1, [batch, .. shape.ToArray()[1..]])).ToArray();
                var (ours, theirs, torch) = (new List<double>(), new List<double>(), new List<double>());
                for (var r = 0; r < rounds; r++)
                {
                    var m = Timing.Medians(2, reps,
                        () => { foreach (var x in xs) model.Apply(init.Params, init.State, x); },
                        () => { foreach (var x in xs) ort.Run(x); });
                    ours.Add(m[0].Median);
                    theirs.Add(m[1].Median);
                    if (peer) torch.Add(Peer(name, batch, reps));
                }
                double Rate(List<double> t) => 256 / Median(t);
                var pt = peer ? Rate(torch).ToString("N0", CultureInfo.InvariantCulture) : "-";
                var ratioPt = peer ? (Median(ours) / Median(torch)).ToString("F2", CultureInfo.InvariantCulture) : "-";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {batch} | {Rate(ours):N0} | {Rate(theirs):N0} | {pt} | {Median(ours) / Median(theirs):F2} | {ratioPt} |"));
            }
            if (args.Contains("--layers")) Layers(name, model, init, shape, reps);
        }
        return 0;
    }

    /// <summary>Our forward unrolled into its layers (the fc and cnn models are Sequential and Named all the way down), each timed alone.</summary>
    static void Layers(string name, Layer model, Initialized<float> init, Shape shape, int reps)
    {
        var leaves = new List<(Layer Layer, Tree<float> P, Tree<float> S)>();
        void Walk(Layer l, Tree<float> p, Tree<float> s)
        {
            switch (l)
            {
                case Sequential q:
                    for (var k = 0; k < q.Layers.Length; k++) Walk(q.Layers[k], ((TreeList<float>)p).Items[k], ((TreeList<float>)s).Items[k]);
                    break;
                case Named n: Walk(n.Inner, ((TreeList<float>)p).Items[0], ((TreeList<float>)s).Items[0]); break;
                default: leaves.Add((l, p, s)); break;
            }
        }
        Walk(model, init.Params, init.State);
        foreach (var batch in new[] { 1, 256 })
        {
            var calls = 256 / batch;
            var totals = new Dictionary<string, double>();
            var xs = Enumerable.Range(0, calls).Select(c => Tensor.Uniform<float>(new Rng((ulong)c), 0, 1, [batch, .. shape.ToArray()[1..]])).ToArray();
            var perLayer = new double[leaves.Count][];
            for (var k = 0; k < leaves.Count; k++) perLayer[k] = new double[reps];
            for (var r = -1; r < reps; r++)
                foreach (var x0 in xs)
                {
                    var x = x0;
                    for (var k = 0; k < leaves.Count; k++)
                    {
                        var t = Stopwatch.GetTimestamp();
                        x = leaves[k].Layer.Apply(leaves[k].P, leaves[k].S, x);
                        if (r >= 0) perLayer[k][r] += Stopwatch.GetElapsedTime(t).TotalSeconds;
                    }
                }
            for (var k = 0; k < leaves.Count; k++)
            {
                var kind = leaves[k].Layer.GetType().Name;
                totals[kind] = totals.GetValueOrDefault(kind) + Median([.. perLayer[k]]);
            }
            var sum = totals.Values.Sum();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#   {name} batch {batch}: our forward per 256 images {sum * 1e3:F2} ms = ")
                + string.Join(", ", totals.OrderByDescending(kv => kv.Value).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value * 1e3:F2} ms ({kv.Value / sum:P0})"))));
        }
    }

    static double Median(IReadOnlyList<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    static double Peer(string model, int batch, int reps)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "peer", "infer.py");
        var psi = new ProcessStartInfo("/usr/bin/python3", $"{script} --model {model} --batch {batch} --reps {reps}") { RedirectStandardOutput = true };
        psi.Environment["OPENBLAS_NUM_THREADS"] = "1";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start /usr/bin/python3");
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("median_seconds ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"the peer printed no median: {output}");
        return double.Parse(line["median_seconds ".Length..], CultureInfo.InvariantCulture);
    }
}
