using FsCheck;
using FsCheck.Fluent;
using Functional.Testing;

namespace Functional.Tests.Support;

/// <summary>Generators of layers for combinator tests. Only smooth layers: random stacks cannot keep
/// intermediate values away from a ReLU kink, and a finite difference across a kink would fail.</summary>
internal static class Pools
{
    /// <summary>A smooth layer taking (..., d) features, with its output feature count.</summary>
    public static Gen<(Layer Layer, int Out)> Smooth(int d)
        => Gen.Choose(0, 6).SelectMany(kind => Gen.Choose(1, 5), (kind, k) => kind switch
        {
            0 => ((Layer)new Linear(d, k), k),
            1 => (new Linear(d, k, bias: false), k),
            2 => (new Tanh(), d),
            3 => (new Sigmoid(), d),
            4 => (new Softmax(-1), d),
            5 => (new LogSoftmax(-1), d),
            _ => (new Identity(), d),
        });

    /// <summary>A list of 1..<paramref name="max"/> smooth layers chained from <paramref name="d"/> input features.</summary>
    public static Gen<Layer[]> Chain(int d, int max = 4)
        => Gen.Choose(1, max).SelectMany(n => Chain(d, n, []));

    private static Gen<Layer[]> Chain(int d, int n, Layer[] acc)
        => n == 0 ? Gen.Constant(acc) : Smooth(d).SelectMany(l => Chain(l.Out, n - 1, [.. acc, l.Layer]));

    /// <summary>The output feature count of a chain started with <paramref name="d"/> features.</summary>
    public static int OutFeatures(IEnumerable<Layer> layers, int d)
        => layers.Aggregate(d, (f, l) => l is Linear lin ? lin.Out : f);

    /// <summary>Input shapes (rank 1..3) whose last dimension is the feature count.</summary>
    public static Gen<Shape> Inputs(int maxRank = 3) => Gens.Shape(1, maxRank, maxDim: 5, maxSize: 120);
}

/// <summary>Exact and approximate comparisons of tensors and trees with readable failures.</summary>
internal static class TensorAssert
{
    public static void Equal(Tensor<double>? expected, Tensor<double>? actual, string what)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{what}: one of the tensors is null");
            return;
        }
        Assert.True(expected.Shape == actual.Shape, $"{what}: shape {actual.Shape}, expected {expected.Shape}");
        var e = expected.Span;
        var a = actual.Span;
        for (var i = 0; i < e.Length; i++)
            Assert.True(e[i].Equals(a[i]), $"{what}: element {i} is {a[i]:R}, expected {e[i]:R}");
    }

    public static void Close(Tensor<double> expected, Tensor<double> actual, double tol, string what)
    {
        Assert.True(expected.Shape == actual.Shape, $"{what}: shape {actual.Shape}, expected {expected.Shape}");
        for (var i = 0; i < expected.Size; i++)
            Assert.True(Math.Abs(expected.Span[i] - actual.Span[i]) <= tol * (1 + Math.Abs(expected.Span[i])),
                $"{what}: element {i} is {actual.Span[i]:R}, expected {expected.Span[i]:R}");
    }

    public static void Equal(Tree<double> expected, Tree<double> actual, string what)
    {
        Assert.Equal(expected.Paths(), actual.Paths());
        foreach (var ((p, e), (_, a)) in expected.Leaves().Zip(actual.Leaves())) Equal(e, a, $"{what} '{p}'");
    }
}
