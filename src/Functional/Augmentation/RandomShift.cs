using System.Numerics;

namespace Functional;

/// <summary>
/// A random translation by whole pixels: each image i is shifted by <c>(dx, dy)</c> drawn uniformly from
/// [-<see cref="MaxDx"/>, <see cref="MaxDx"/>] × [-<see cref="MaxDy"/>, <see cref="MaxDy"/>]
/// (<c>dx = rng.Fold(i).Below(0, 2·MaxDx + 1) - MaxDx</c>, <c>dy</c> likewise with counter 1), the same shift for all its
/// channels. Positive dx moves the content right, positive dy moves it down; pixels shifted in from outside are 0.
/// </summary>
/// <param name="MaxDx">The largest horizontal shift in pixels, ≥ 0.</param>
/// <param name="MaxDy">The largest vertical shift in pixels, ≥ 0.</param>
/// <example><code>
/// var shifted = new RandomShift(2, 2).Apply(x, rng);     // x: (N,1,28,28)
/// var right = RandomShift.Shift(x, dx: 3, dy: 0);        // deterministic
/// </code></example>
public sealed record RandomShift(int MaxDx, int MaxDy) : IAugmentation
{
    /// <summary>The largest horizontal shift in pixels, ≥ 0.</summary>
    public int MaxDx { get; } = MaxDx >= 0 ? MaxDx : throw new ArgumentOutOfRangeException(nameof(MaxDx), $"RandomShift: the largest shift has to be ≥ 0, got {MaxDx}");

    /// <summary>The largest vertical shift in pixels, ≥ 0.</summary>
    public int MaxDy { get; } = MaxDy >= 0 ? MaxDy : throw new ArgumentOutOfRangeException(nameof(MaxDy), $"RandomShift: the largest shift has to be ≥ 0, got {MaxDy}");

    /// <summary>The shift image i of a batch gets from <paramref name="rng"/>.</summary>
    /// <param name="rng">The batch key.</param>
    /// <param name="image">The image's index in the batch.</param>
    public (int Dx, int Dy) Offset(Rng rng, int image)
    {
        var key = rng.Fold((ulong)image);
        return (key.Below(0, 2 * MaxDx + 1) - MaxDx, key.Below(1, 2 * MaxDy + 1) - MaxDy);
    }

    /// <inheritdoc />
    public Tensor<T> Apply<T>(Tensor<T> batch, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (planes, h, w) = ImageBatch.Geometry(batch, ToString());
        return ImageBatch.PerImage(batch, rng, ToString(), (src, dst, key) =>
        {
            var (dx, dy) = (key.Below(0, 2 * MaxDx + 1) - MaxDx, key.Below(1, 2 * MaxDy + 1) - MaxDy);
            ShiftImage(src, dst, planes, h, w, dx, dy);
        });
    }

    /// <summary>Shifts every image of <paramref name="batch"/> by the same <c>(dx, dy)</c>: content moves right by dx and down by dy, zero fill.</summary>
    /// <param name="batch">Images (N,C,H,W) or (N,H,W).</param>
    /// <param name="dx">The horizontal shift in pixels (positive: right).</param>
    /// <param name="dy">The vertical shift in pixels (positive: down).</param>
    public static Tensor<T> Shift<T>(Tensor<T> batch, int dx, int dy) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (planes, h, w) = ImageBatch.Geometry(batch, "Shift");
        return ImageBatch.PerImage(batch, default, "Shift", (src, dst, _) => ShiftImage(src, dst, planes, h, w, dx, dy));
    }

    /// <inheritdoc />
    public override string ToString() => $"RandomShift(maxDx={MaxDx}, maxDy={MaxDy})";

    /// <summary>out[y, x] = in[y - dy, x - dx] where that is inside the image, else 0; <paramref name="dst"/> is freshly zeroed.</summary>
    private static void ShiftImage<T>(ReadOnlySpan<T> src, Span<T> dst, int planes, int h, int w, int dx, int dy) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int x0 = Math.Max(0, dx), x1 = Math.Min(w, w + dx);        // output columns that read inside the image
        int y0 = Math.Max(0, dy), y1 = Math.Min(h, h + dy);
        if (x0 >= x1 || y0 >= y1) return;
        for (var c = 0; c < planes; c++)
            for (var y = y0; y < y1; y++)
                src.Slice((c * h + y - dy) * w + x0 - dx, x1 - x0).CopyTo(dst.Slice((c * h + y) * w + x0, x1 - x0));
    }
}
