namespace Functional.Benchmarks;

/// <summary>
/// float32 Conv2d forward and forward+pullback at the book CNN's first block, batch 256: 1→32 3x3 pad 1 on 28x28
/// (no input gradient, as for a network's first layer) and 32→32 3x3 stride 2 pad 1 on 28x28 (with input gradient).
/// Prints median / best milliseconds and GFLOPS (2·N·outC·OH·OW·inC·KH·KW per product: one for the forward, two more
/// for the pullback, one without the input gradient). Compare with <c>peer/conv.py</c> (PyTorch) run right after.
/// </summary>
static class ConvBenchmark
{
    public static int Run(string[] args)
    {
        var reps = Timing.Option(args, "--reps", 15);
        var batch = Timing.Option(args, "--batch", 256);
        Blas.SetThreads(Timing.Option(args, "--threads", Blas.Threads));
        Console.WriteLine($"# Conv2d float32, batch {batch} — {Blas.Describe()}");
        Console.WriteLine($"OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}, median / best of {reps} reps after warm-up");
        Console.WriteLine();
        Console.WriteLine("| layer | input | forward ms | forward GFLOPS | fwd+pullback ms | fwd+pullback GFLOPS |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Row(new Conv2d(1, 32, 3, padding: 1), batch, 28, needInput: false, reps);
        Row(new Conv2d(32, 32, 3, stride: 2, padding: 1), batch, 28, needInput: true, reps);
        return 0;
    }

    static void Row(Conv2d conv, int batch, int size, bool needInput, int reps)
    {
        var shape = Shape.Of(batch, conv.InChannels, size, size);
        var init = conv.Init<float>(shape, new Rng(1));
        var x = Tensor.Uniform<float>(new Rng(2), -1, 1, shape.ToArray());
        var dy = Tensor.Uniform<float>(new Rng(3), -1, 1, init.Output.ToArray());
        var products = 1.0 * batch * init.Output[1] * init.Output[2] * init.Output[3] * conv.InChannels * conv.KernelSize.H * conv.KernelSize.W;
        double fwdFlop = 2 * products, allFlop = fwdFlop * (needInput ? 3 : 2);
        void Forward() => conv.Forward(init.Params, init.State, x, Context.Eval);
        void Both() => conv.Forward(init.Params, init.State, x, Context.Eval).Pullback(dy, needInput);
        var t = Timing.Medians(2, reps, Forward, Both);
        string Ms((double Median, double Best) s) => $"{s.Median * 1e3:F1} / {s.Best * 1e3:F1}";
        string Gf((double Median, double Best) s, double flop) => $"{flop / s.Median / 1e9:F1} / {flop / s.Best / 1e9:F1}";
        Console.WriteLine($"| {conv} | {shape} | {Ms(t[0])} | {Gf(t[0], fwdFlop)} | {Ms(t[1])} | {Gf(t[1], allFlop)} |");
    }
}
