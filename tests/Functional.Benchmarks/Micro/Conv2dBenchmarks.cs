using BenchmarkDotNet.Attributes;

namespace Functional.Benchmarks.Micro;

/// <summary>
/// The book CNN's two convolutions on 28×28 float32 inputs at batch 64 (the <c>conv</c> subcommand times batch 256):
/// <c>1→32 3x3 pad 1</c>, whose pullback skips the input gradient as a network's first layer does, and
/// <c>32→32 3x3 stride 2 pad 1</c>, whose pullback computes it. Forward alone (im2col + GEMM + bias) and forward + pullback.
/// </summary>
[MemoryDiagnoser]
public class Conv2dBenchmarks
{
    const int Batch = 64, Size = 28;
    Conv2d conv = null!;
    Initialized<float> init;
    Tensor<float> x = null!, dy = null!;
    bool needInput;

    /// <summary>The layer: <c>1-32</c> (3x3 pad 1) or <c>32-32s2</c> (3x3 stride 2 pad 1).</summary>
    [Params("1-32", "32-32s2")]
    public string Layer { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        (conv, needInput) = Layer == "1-32" ? (new Conv2d(1, 32, 3, padding: 1), false) : (new Conv2d(32, 32, 3, stride: 2, padding: 1), true);
        var shape = Shape.Of(Batch, conv.InChannels, Size, Size);
        init = conv.Init<float>(shape, new Rng(1));
        x = Tensor.Uniform<float>(new Rng(2), -1, 1, shape.ToArray());
        dy = Tensor.Uniform<float>(new Rng(3), -1, 1, init.Output.ToArray());
    }

    [Benchmark(Baseline = true)]
    public Tensor<float> Forward() => conv.Forward(init.Params, init.State, x, Context.Eval).Output;

    [Benchmark(Description = "Forward+Pullback")]
    public Grads<float> ForwardPullback() => conv.Forward(init.Params, init.State, x, Context.Eval).Pullback(dy, needInput);
}
