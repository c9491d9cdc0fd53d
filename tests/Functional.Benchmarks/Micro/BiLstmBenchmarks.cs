using BenchmarkDotNet.Attributes;

namespace Functional.Benchmarks.Micro;

/// <summary>
/// The CLI rnn model's core, as the <c>lstm</c> subcommand times it: a bidirectional LSTM, 4 layers, hidden 128,
/// dropout 0.3 in train mode, on a float32 batch of 256 images read as 28 steps of 28 pixels, many-to-one
/// (<c>output[:, -1]</c>): the forward alone and forward + pullback (no input gradient). Each call draws a fresh dropout
/// key, as training does. About a second per call; BDN runs it once per iteration.
/// </summary>
[MemoryDiagnoser]
public class BiLstmBenchmarks
{
    const int Batch = 256, Time = 28, Input = 28, Hidden = 128;
    readonly Layer net = new Lstm(Input, Hidden, numLayers: 4, dropout: 0.3, bidirectional: true).Last();
    Initialized<float> init;
    Tensor<float> x = null!, dy = null!;
    ulong step;

    [GlobalSetup]
    public void Setup()
    {
        init = net.Init<float>(Shape.Of(Batch, Time, Input), new Rng(1));
        x = Tensor.Randn<float>(new Rng(2), Batch, Time, Input);
        dy = Tensor.Randn<float>(new Rng(3), Batch, 2 * Hidden);
    }

    [Benchmark(Baseline = true)]
    public Tensor<float> Forward() => net.Forward(init.Params, init.State, x, Context.Train(new Rng(step++))).Output;

    [Benchmark(Description = "Forward+Pullback")]
    public Grads<float> ForwardPullback()
        => net.Forward(init.Params, init.State, x, Context.Train(new Rng(step++))).Pullback(dy, needInputGrad: false);
}
