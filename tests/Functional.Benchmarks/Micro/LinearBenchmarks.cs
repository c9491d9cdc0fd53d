using BenchmarkDotNet.Attributes;

namespace Functional.Benchmarks.Micro;

/// <summary>
/// <c>Linear(784 → 256)</c> on a float32 batch of 128 through the public layer API (<c>Init</c> once, then
/// <c>Forward</c> and <c>Pullback</c>): the forward alone; forward + pullback without the input gradient (the first layer
/// of a network, as in the MLP); and with it. The forward is one GEMM plus the bias copy; the pullback one GEMM for the
/// weight gradient, a row sum for the bias, and a second GEMM for the input gradient when asked.
/// </summary>
[MemoryDiagnoser]
public class LinearBenchmarks
{
    readonly Linear linear = Nn.Linear(784, 256);
    Initialized<float> init;
    Tensor<float> x = null!, dy = null!;

    [GlobalSetup]
    public void Setup()
    {
        init = linear.Init<float>(Shape.Of(-1, 784), new Rng(1));
        x = Tensor.Uniform<float>(new Rng(2), -1, 1, 128, 784);
        dy = Tensor.Uniform<float>(new Rng(3), -1, 1, 128, 256);
    }

    [Benchmark(Baseline = true)]
    public Tensor<float> Forward() => linear.Forward(init.Params, init.State, x, Context.Eval).Output;

    [Benchmark(Description = "Forward+Pullback (no dx)")]
    public Grads<float> ForwardPullback() => linear.Forward(init.Params, init.State, x, Context.Eval).Pullback(dy, needInputGrad: false);

    [Benchmark(Description = "Forward+Pullback (with dx)")]
    public Grads<float> ForwardPullbackInput() => linear.Forward(init.Params, init.State, x, Context.Eval).Pullback(dy, needInputGrad: true);
}
