using FsCheck;
using FsCheck.Fluent;
using Functional.Testing;
using Functional.Tests.Tensors;

namespace Functional.Tests.Layers.Convolution;

/// <summary>The closed-form inputs of <see cref="TorchReference"/>, and generators shared by the convolution tests.</summary>
internal static class ConvolutionInputs
{
    /// <summary>x[i] = sin(a·i + b), flat index i.</summary>
    public static Tensor<double> Sin(int[] shape, double a = 0.37, double b = 0.1)
        => Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (p, d) => p * d)).Select(i => Math.Sin(a * i + b)).ToArray(), shape);

    /// <summary>w[j] = 0.5·cos(0.71·j + 0.2).</summary>
    public static Tensor<double> Weight(params int[] shape)
        => Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (p, d) => p * d)).Select(j => 0.5 * Math.Cos(0.71 * j + 0.2)).ToArray(), shape);

    /// <summary>b[o] = 0.1·o − 0.05.</summary>
    public static Tensor<double> Bias(int n) => Tensor.FromArray(Enumerable.Range(0, n).Select(o => 0.1 * o - 0.05).ToArray());

    /// <summary>Runs <paramref name="layer"/> on <paramref name="x"/> and pulls back sin(1.3·k + 0.5).</summary>
    public static (Tensor<double> Output, Grads<double> Grads) Run(Layer layer, Tree<double> p, Tensor<double> x)
    {
        var fwd = layer.Forward(p, Tree.Empty<double>(), x, Context.Eval);
        return (fwd.Output, fwd.Pullback(Sin(fwd.Output.Shape.ToArray(), 1.3, 0.5)));
    }

    /// <summary>Checks a parameter-free layer's output and input gradient against PyTorch's.</summary>
    public static void MatchesTorch(Layer layer, Tensor<double> x, int[] shape, double[] output, double[] dx)
    {
        var (y, g) = Run(layer, Tree.Empty<double>(), x);
        TensorAssert.Close(y, output, shape);
        TensorAssert.Close(g.Input!, dx, x.Shape.ToArray());
    }

    /// <summary>
    /// A float64 tensor of <paramref name="shape"/> whose values are distinct (a random permutation of evenly spaced
    /// values in [-2, 2]), so a max has no near-ties for finite differences to cross.
    /// </summary>
    public static Gen<Tensor<double>> Distinct(Shape shape)
        => Gens.Rng().Select(r =>
        {
            var n = shape.Size;
            var order = Enumerable.Range(0, n).OrderBy(i => r.Uniform((ulong)i)).ToArray();
            var v = new double[n];
            for (var i = 0; i < n; i++) v[order[i]] = -2 + 4.0 * (i + 0.5) / n;
            return Tensor.FromArray(v, shape.ToArray());
        });

    /// <summary>The smallest input size for which a window of <paramref name="k"/> taps, dilation <paramref name="d"/> and padding <paramref name="p"/> fits.</summary>
    public static int MinSize(int k, int d, int p) => Math.Max(1, d * (k - 1) + 1 - 2 * p);
}
