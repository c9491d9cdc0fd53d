namespace Functional.Tests.Tensors;

/// <summary>Assertions on tensors against values computed by PyTorch.</summary>
internal static class TensorAssert
{
    /// <summary>Asserts the shape and that every element is within atol + rtol·|expected| (NaN matches NaN).</summary>
    public static void Close<T>(Tensor<T> actual, double[] expected, int[] shape, double rtol = 1e-12, double atol = 1e-12)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Assert.Equal(new Shape(shape), actual.Shape);
        var a = actual.ToDoubleArray();
        Assert.Equal(expected.Length, a.Length);
        for (var i = 0; i < a.Length; i++)
        {
            if (double.IsNaN(expected[i])) { Assert.True(double.IsNaN(a[i]), $"element {i}: expected NaN, got {a[i]}"); continue; }
            if (expected[i] == a[i]) continue;
            Assert.True(Math.Abs(a[i] - expected[i]) <= atol + rtol * Math.Abs(expected[i]),
                $"element {i}: expected {expected[i]:R}, got {a[i]:R} (shape {actual.Shape})");
        }
    }

    /// <summary>Asserts exact equality of shape and elements.</summary>
    public static void Exact<T>(Tensor<T> actual, double[] expected, params int[] shape)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => Close(actual, expected, shape, 0, 0);

    /// <summary>A double tensor from values and a shape.</summary>
    public static Tensor<double> D(double[] values, params int[] shape) => Tensor.FromArray(values, shape);

    /// <summary>A float tensor from values and a shape.</summary>
    public static Tensor<float> F(float[] values, params int[] shape) => Tensor.FromArray(values, shape);

    /// <summary>Standard normal draws of the given shape from a seed (for properties).</summary>
    public static Tensor<double> Random(int seed, params int[] shape) => Tensor.Randn<double>(new Rng((ulong)seed), shape);

    /// <summary>Small whole numbers in [-2, 2] (many ties), from a seed.</summary>
    public static Tensor<double> Ties(int seed, params int[] shape) => Tensor.Map(Random(seed, shape), v => Math.Round(v * 1.5));

    /// <summary>A small shape of rank 1 to 4 with dimensions 1 to 4, derived from a seed.</summary>
    public static int[] SmallShape(int seed)
    {
        var r = new Rng((ulong)seed ^ 0x5eed);
        var rank = 1 + r.Below(0, 4);
        return Enumerable.Range(1, rank).Select(i => 1 + r.Below((ulong)i, 4)).ToArray();
    }
}
