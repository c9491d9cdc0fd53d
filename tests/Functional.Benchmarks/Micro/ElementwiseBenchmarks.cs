using BenchmarkDotNet.Attributes;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional.Benchmarks.Micro;

/// <summary>
/// The element-wise and row-wise kernels behind the public tensor API, float32, on an MLP activation (128×256) and a CNN
/// activation (256×32×28×28, 25.7 MB). Every API call allocates its result, as the library's pure kernels do; the baseline
/// is <c>TensorPrimitives.Add</c> into a preallocated buffer, the memory-bound floor for one pass over two inputs.
/// <c>AddBias</c> broadcasts a bias over the rows (256) or the channels (32×1×1); <c>Softmax</c> and <c>LogSoftmax</c>
/// run along the last dimension; <c>ReLU layer</c> is the <see cref="ReLU"/> layer's forward and its pullback.
/// </summary>
[MemoryDiagnoser]
public class ElementwiseBenchmarks
{
    Tensor<float> x = null!, y = null!, dy = null!, bias = null!;
    float[] buffer = [];
    readonly ReLU relu = new();

    /// <summary>The tensor shape.</summary>
    [Params("128x256", "256x32x28x28")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var dims = Shape.Split('x').Select(int.Parse).ToArray();
        x = Tensor.Uniform<float>(new Rng(1), -2, 2, dims);
        y = Tensor.Uniform<float>(new Rng(2), -2, 2, dims);
        dy = Tensor.Uniform<float>(new Rng(3), -1, 1, dims);
        bias = dims.Length == 2 ? Tensor.Uniform<float>(new Rng(4), -1, 1, dims[1])
                                : Tensor.Uniform<float>(new Rng(4), -1, 1, dims[1], 1, 1);
        buffer = new float[x.Size];
    }

    [Benchmark(Baseline = true, Description = "TP.Add into buffer")]
    public void RawAdd() => TP.Add(x.Span, y.Span, buffer);

    [Benchmark]
    public Tensor<float> Add() => x + y;

    [Benchmark]
    public Tensor<float> AddBias() => x + bias;

    [Benchmark]
    public Tensor<float> Mul() => x * y;

    [Benchmark]
    public Tensor<float> Relu() => Tensor.Relu(x);

    [Benchmark(Description = "ReLU layer fwd+pullback")]
    public Tensor<float> ReluForwardPullback()
    {
        var f = relu.Forward(x);
        return f.Pullback(dy).Input!;
    }

    [Benchmark]
    public Tensor<float> Exp() => Tensor.Exp(x);

    [Benchmark]
    public Tensor<float> Tanh() => Tensor.Tanh(x);

    [Benchmark]
    public Tensor<float> Softmax() => Tensor.Softmax(x);

    [Benchmark]
    public Tensor<float> LogSoftmax() => Tensor.LogSoftmax(x);
}
