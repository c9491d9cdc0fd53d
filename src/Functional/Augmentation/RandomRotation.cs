using System.Globalization;
using System.Numerics;

namespace Functional;

/// <summary>
/// A random rotation: each image i is rotated about its centre by an angle drawn uniformly from
/// [-<see cref="MaxDegrees"/>, <see cref="MaxDegrees"/>) (<c>MaxDegrees·(2·rng.Fold(i).Uniform(0) - 1)</c>), the same angle for
/// all its channels, with bilinear interpolation and zero fill outside the image.
/// <para>Conventions: the centre is <c>((W-1)/2, (H-1)/2)</c> in pixel coordinates (x right, y down), so the image's
/// pixel grid maps onto itself; a positive angle turns the content counter-clockwise as displayed (as torchvision's
/// <c>rotate</c>). Output pixel (x, y) samples the input at <c>(cx + (x-cx)·cos θ - (y-cy)·sin θ, cy + (x-cx)·sin θ + (y-cy)·cos θ)</c>;
/// the four neighbours of that point are weighted bilinearly, and those outside the image count as 0
/// (<c>grid_sample(padding_mode="zeros")</c> in pixel units). A rotation by 0 is the identity, and by 90° it is
/// <c>numpy.rot90</c> up to rounding of cos 90°.</para>
/// </summary>
/// <param name="MaxDegrees">The largest rotation in degrees, ≥ 0.</param>
/// <example><code>
/// var rotated = new RandomRotation(15).Apply(x, rng);     // x: (N,1,28,28)
/// var quarter = RandomRotation.Rotate(x, 90);             // deterministic
/// </code></example>
public sealed record RandomRotation(double MaxDegrees) : IAugmentation
{
    /// <summary>The largest rotation in degrees, ≥ 0.</summary>
    public double MaxDegrees { get; } = MaxDegrees >= 0 && double.IsFinite(MaxDegrees)
        ? MaxDegrees : throw new ArgumentOutOfRangeException(nameof(MaxDegrees), $"RandomRotation: the largest angle has to be finite and ≥ 0, got {MaxDegrees}");

    /// <summary>The angle in degrees image i of a batch gets from <paramref name="rng"/>.</summary>
    /// <param name="rng">The batch key.</param>
    /// <param name="image">The image's index in the batch.</param>
    public double Angle(Rng rng, int image) => AngleOf(rng.Fold((ulong)image));

    private double AngleOf(Rng key) => MaxDegrees * (2 * key.Uniform(0) - 1);

    /// <inheritdoc />
    public Tensor<T> Apply<T>(Tensor<T> batch, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (planes, h, w) = ImageBatch.Geometry(batch, ToString());
        return ImageBatch.PerImage(batch, rng, ToString(), (src, dst, key) => RotateImage(src, dst, planes, h, w, AngleOf(key)));
    }

    /// <summary>Rotates every image of <paramref name="batch"/> by <paramref name="degrees"/> counter-clockwise about its centre (bilinear, zero fill).</summary>
    /// <param name="batch">Images (N,C,H,W) or (N,H,W).</param>
    /// <param name="degrees">The angle in degrees; positive turns the content counter-clockwise as displayed.</param>
    public static Tensor<T> Rotate<T>(Tensor<T> batch, double degrees) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (planes, h, w) = ImageBatch.Geometry(batch, "Rotate");
        return ImageBatch.PerImage(batch, default, "Rotate", (src, dst, _) => RotateImage(src, dst, planes, h, w, degrees));
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"RandomRotation(maxDegrees={MaxDegrees})");

    private static void RotateImage<T>(ReadOnlySpan<T> src, Span<T> dst, int planes, int h, int w, double degrees) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                double dx = x - cx, dy = y - cy;
                double sx = cx + dx * cos - dy * sin, sy = cy + dx * sin + dy * cos;
                double fx0 = Math.Floor(sx), fy0 = Math.Floor(sy);
                if (fx0 < -1 || fx0 >= w || fy0 < -1 || fy0 >= h) continue;     // all four neighbours outside: stays 0
                int x0 = (int)fx0, y0 = (int)fy0;
                T ax = T.CreateTruncating(sx - fx0), ay = T.CreateTruncating(sy - fy0);
                T bx = T.One - ax, by = T.One - ay;
                for (var c = 0; c < planes; c++)
                {
                    var plane = src.Slice(c * h * w, h * w);
                    T top = Lerp(plane, w, h, x0, y0, bx, ax), bottom = Lerp(plane, w, h, x0, y0 + 1, bx, ax);
                    dst[(c * h + y) * w + x] = by * top + ay * bottom;
                }
            }
    }

    /// <summary>bx·p[y, x0] + ax·p[y, x0 + 1], pixels outside the image counting as 0.</summary>
    private static T Lerp<T>(ReadOnlySpan<T> plane, int w, int h, int x0, int y, T bx, T ax) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y < 0 || y >= h) return T.Zero;
        var left = x0 >= 0 ? plane[y * w + x0] : T.Zero;
        var right = x0 + 1 < w ? plane[y * w + x0 + 1] : T.Zero;
        return bx * left + ax * right;
    }
}
