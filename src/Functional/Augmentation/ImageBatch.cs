using System.Numerics;

namespace Functional;

/// <summary>Transforms one image (all its channels) from <paramref name="image"/> into <paramref name="result"/>, drawing from <paramref name="key"/>.</summary>
internal delegate void ImageKernel<T>(ReadOnlySpan<T> image, Span<T> result, Rng key) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>The shared loop of the augmentations: shape checks and one key per image.</summary>
internal static class ImageBatch
{
    /// <summary>Checks that <paramref name="batch"/> is a batch of images (rank ≥ 3) and returns (planes per image, height, width).</summary>
    public static (int Planes, int Height, int Width) Geometry<T>(Tensor<T> batch, string who) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch.Rank < 3)
            throw new ShapeMismatchException($"{who} expects an image batch (N,C,H,W) or (N,H,W), got shape {batch.Shape}");
        int h = batch.Shape[-2], w = batch.Shape[-1];
        return (batch.Shape.Product(1, batch.Rank - 2), h, w);
    }

    /// <summary>Applies <paramref name="kernel"/> to each image i (a slice along the first axis) with key <c>rng.Fold(i)</c>.</summary>
    public static Tensor<T> PerImage<T>(Tensor<T> batch, Rng rng, string who, ImageKernel<T> kernel) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch.Rank < 1)
            throw new ShapeMismatchException($"{who} expects a batch with the images on the first axis, got shape {batch.Shape}");
        var n = batch.Shape[0];
        var per = n == 0 ? 0 : batch.Size / n;
        var r = Buffers.New<T>(batch.Size);
        var src = batch.Span;
        for (var i = 0; i < n; i++)
            kernel(src.Slice(i * per, per), r.AsSpan(i * per, per), rng.Fold((ulong)i));
        return new Tensor<T>(batch.Shape, r);
    }
}
