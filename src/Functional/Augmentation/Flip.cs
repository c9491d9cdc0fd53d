using System.Numerics;

namespace Functional;

/// <summary>
/// Flips every image left-right (reverses the last axis), always and without drawing from the key:
/// <c>out[..., y, x] = in[..., y, W-1-x]</c>. Flipping twice is the identity. <see cref="HorizontalFlip"/> is the random version.
/// </summary>
/// <example><code>
/// var mirrored = new Flip().Apply(x, default);
/// </code></example>
public sealed record Flip : IAugmentation
{
    /// <inheritdoc />
    public Tensor<T> Apply<T>(Tensor<T> batch, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (_, _, w) = ImageBatch.Geometry(batch, "Flip");
        return ImageBatch.PerImage(batch, rng, "Flip", (src, dst, _) => Mirror(src, dst, w));
    }

    /// <summary>Writes the rows of <paramref name="src"/> (length <paramref name="w"/> each) reversed into <paramref name="dst"/>.</summary>
    internal static void Mirror<T>(ReadOnlySpan<T> src, Span<T> dst, int w) where T : unmanaged, IFloatingPointIeee754<T>
    {
        src.CopyTo(dst);
        if (w == 0) return;
        for (var row = 0; row < dst.Length; row += w) dst.Slice(row, w).Reverse();
    }

    /// <inheritdoc />
    public override string ToString() => "Flip()";
}
