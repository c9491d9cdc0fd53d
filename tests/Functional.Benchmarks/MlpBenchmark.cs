using LanguageExt;
using System.Diagnostics;

namespace Functional.Benchmarks;

/// <summary>
/// End-to-end: the PERF.md MLP (784-256-128-10, ReLU, cross-entropy, Adam 1e-3, batch 128, float32) trained on
/// Fashion-MNIST through <see cref="Trainer{T}"/>. Prints seconds per epoch, the median, and the test accuracy.
/// Options: --epochs N, --limit N (train on the first N images only; default all 60,000), --gemm-time (one more epoch
/// with every GEMM call timed, printing the epoch's time against its GEMM time).
/// The PyTorch peer is peer/mlp.py; compare.py runs both alternately.
/// </summary>
static class MlpBenchmark
{
    public static int Run(string[] args)
    {
        var epochs = Timing.Option(args, "--epochs", 3);
        var limit = Timing.Option(args, "--limit", 0);
        var data = Mnist.Load(null, flatten: true).ThrowIfFail();
        var train = new Dataset<float>(data.Train.Images, Tensor.FromArray(data.Train.Labels.Select(l => (float)l).ToArray()));
        if (limit > 0) train = train.Take(limit);
        var net = Nn.Linear(784, 256).Then(Nn.ReLU()).Then(Nn.Linear(256, 128)).Then(Nn.ReLU()).Then(Nn.Linear(128, 10));
        var trainer = new Trainer<float>(net, new CrossEntropyLoss(), Optim.Adam(1e-3));
        var state = trainer.Start(net.Init<float>(Shape.Of(-1, 784), new Rng(1)), new Rng(2));
        var seconds = new List<double>();
        var gcBefore = GC.CollectionCount(0);
        for (var e = 0; e < epochs; e++)
        {
            var start = Stopwatch.GetTimestamp();
            (state, var loss) = trainer.Epoch(state, train, 128);
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            Console.WriteLine($"epoch {e + 1}: {seconds[^1]:F3} s, train loss {loss:F4}");
        }
        if (args.Contains("--gemm-time"))
        {
            // One more epoch, untimed above, with every GEMM call timed: the epoch against its own GEMM work.
            Blas.TimeGemm = true;
            var before = Blas.GemmSeconds;
            var start = Stopwatch.GetTimestamp();
            (state, _) = trainer.Epoch(state, train, 128);
            var total = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Blas.TimeGemm = false;
            var gemm = Blas.GemmSeconds - before;
            Console.WriteLine($"gemm time: epoch {total:F3} s, of which GEMM {gemm:F3} s; epoch / GEMM {total / gemm:F2}");
        }
        var logits = trainer.Predict(state.Params, state.LayerState, data.Test.Images, 1000);
        var accuracy = Accuracy.Multiclass(Tensor.FromArray(data.Test.Labels.Select(l => (float)l).ToArray()), logits);
        var median = seconds.Order().ElementAt(seconds.Count / 2);
        Console.WriteLine($"ours: median epoch {median:F3} s, test accuracy {accuracy:F4}, gen0 GCs {GC.CollectionCount(0) - gcBefore}, " +
                          $"peak working set {Environment.WorkingSet / 1e6:F0} MB, blas {Blas.Backend} x{Blas.Threads}");
        return 0;
    }
}
