using System.Diagnostics;
using System.Globalization;

namespace Functional.Benchmarks;

/// <summary>
/// Forward + pullback of the CLI's rnn model core: a bidirectional LSTM, 4 layers, hidden 128, dropout 0.3
/// (train mode), on a batch of 256 images read as 28 steps of 28 pixels, many-to-one (<c>output[:, -1]</c>), float32.
/// The peer is <c>peer/lstm.py</c> (PyTorch 1.13, 2 threads); with <c>--peer</c> it runs in the same invocation,
/// alternating rounds with ours, and the ratio of medians is printed.
/// </summary>
static class LstmBenchmark
{
    public static int Run(string[] args)
    {
        int reps = Timing.Option(args, "--reps", 7), batch = Timing.Option(args, "--batch", 256), hidden = Timing.Option(args, "--hidden", 128);
        var peer = args.Contains("--peer");
        const int time = 28, input = 28, layers = 4;
        var net = new Lstm(input, hidden, layers, dropout: 0.3, bidirectional: true).Last();
        var init = net.Init<float>(Shape.Of(batch, time, input), new Rng(1));
        var x = Tensor.Randn<float>(new Rng(2), batch, time, input);
        var dy = Tensor.Randn<float>(new Rng(3), batch, 2 * hidden);
        var step = 0UL;
        void Ours()
        {
            var f = net.Forward(init.Params, init.State, x, Context.Train(new Rng(step++)));
            f.Pullback(dy, needInputGrad: false);
        }

        Console.WriteLine($"lstm: bi-LSTM {layers}x{hidden}, input {input}, time {time}, batch {batch}, dropout 0.3, float32, forward + pullback per batch");
        Console.WriteLine($"BLAS: {Blas.Describe()}; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}");
        for (var i = 0; i < 2; i++) Ours();
        var ours = new List<double>();
        var pause0 = GC.GetTotalPauseDuration();
        var gc0 = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var theirs = new List<double>();
        for (var r = 0; r < reps; r++)
        {
            var start = Stopwatch.GetTimestamp();
            Ours();
            ours.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            if (peer) theirs.Add(Peer(batch, hidden));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours    : median {Median(ours) * 1e3:F1} ms, best {ours.Min() * 1e3:F1} ms per batch ({reps} rounds: {string.Join(" ", ours.Select(o => (o * 1e3).ToString("F0", CultureInfo.InvariantCulture)))})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ours GC over the rounds: {(GC.GetTotalPauseDuration() - pause0).TotalMilliseconds:F0} ms paused; collections gen0 {GC.CollectionCount(0) - gc0.Item1}, gen1 {GC.CollectionCount(1) - gc0.Item2}, gen2 {GC.CollectionCount(2) - gc0.Item3}"));
        if (peer)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pytorch : median {Median(theirs) * 1e3:F1} ms, best {theirs.Min() * 1e3:F1} ms per batch (median of each round's runs)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio ours/pytorch (medians): {Median(ours) / Median(theirs):F2}"));
        }
        return 0;
    }

    /// <summary>Runs one round of the PyTorch peer (which warms up and times 3 batches itself) and returns its median seconds.</summary>
    static double Peer(int batch, int hidden)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "peer", "lstm.py");
        var psi = new ProcessStartInfo("/usr/bin/python3", $"{script} --batch {batch} --hidden {hidden} --reps 3") { RedirectStandardOutput = true };
        psi.Environment["OPENBLAS_NUM_THREADS"] = "1";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start /usr/bin/python3");
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("median_seconds ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"the peer printed no median: {output}");
        return double.Parse(line["median_seconds ".Length..], CultureInfo.InvariantCulture);
    }

    static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
