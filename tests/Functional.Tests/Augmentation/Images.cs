namespace Functional.Tests.Augmentation;

/// <summary>Small random image batches for the augmentation properties.</summary>
internal static class Images
{
    /// <summary>A batch of 1-4 images with 1-3 channels and sides 1-9, uniform in [0, 1), all derived from the arguments.</summary>
    public static Tensor<double> Batch(ulong seed, byte n, byte c, byte h, byte w)
        => Tensor.Rand<double>(new Rng(seed), 1 + n % 4, 1 + c % 3, 1 + h % 9, 1 + w % 9);

    /// <summary>Image i of a batch, as a batch of one.</summary>
    public static Tensor<double> Image(Tensor<double> batch, int i) => batch.Slice(0, i, i + 1);

    /// <summary>Asserts equal shapes and elements within <paramref name="tol"/>.</summary>
    public static void Close(Tensor<double> expected, Tensor<double> actual, double tol = 0)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (var i = 0; i < expected.Size; i++)
            Assert.True(Math.Abs(expected.Span[i] - actual.Span[i]) <= tol, $"element {i}: expected {expected.Span[i]:R}, got {actual.Span[i]:R}");
    }

    /// <summary>The batch with every image mirrored left-right, by plain indexing.</summary>
    public static Tensor<double> Mirror(Tensor<double> x)
    {
        var s = x.Shape.ToArray();
        var r = new double[x.Size];
        int w = s[^1];
        for (var j = 0; j < r.Length; j++) r[j] = x.Span[j - j % w + (w - 1 - j % w)];
        return Tensor.FromArray(r, s);
    }
}
