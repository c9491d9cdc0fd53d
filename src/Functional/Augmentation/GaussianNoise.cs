using System.Globalization;
using System.Numerics;

namespace Functional;

/// <summary>
/// Additive Gaussian noise: <c>x + Std·z</c> with z standard normal, element j of image i drawing
/// <c>z = rng.Fold(i).Normal(j)</c>; the result is then clamped to [<see cref="ClampMin"/>, <see cref="ClampMax"/>]
/// where those are given (e.g. 0 and 1 for images in [0, 1]). Any batch shape works; the first axis indexes the images.
/// </summary>
/// <param name="Std">The standard deviation of the noise, ≥ 0.</param>
/// <param name="ClampMin">The lower bound of the result, or null for none.</param>
/// <param name="ClampMax">The upper bound of the result, or null for none.</param>
/// <example><code>
/// var noisy = new GaussianNoise(0.1, 0, 1).Apply(x, rng);
/// </code></example>
public sealed record GaussianNoise(double Std, double? ClampMin = null, double? ClampMax = null) : IAugmentation
{
    /// <summary>The standard deviation of the noise, ≥ 0.</summary>
    public double Std { get; } = Std >= 0 && double.IsFinite(Std)
        ? Std : throw new ArgumentOutOfRangeException(nameof(Std), $"GaussianNoise: the standard deviation has to be finite and non-negative, got {Std}");

    /// <inheritdoc />
    public Tensor<T> Apply<T>(Tensor<T> batch, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (ClampMin > ClampMax) throw new ArgumentException($"{this}: the lower bound is above the upper bound");
        var std = Std;
        T lo = ClampMin is { } a ? T.CreateTruncating(a) : T.NegativeInfinity;
        T hi = ClampMax is { } b ? T.CreateTruncating(b) : T.PositiveInfinity;
        return ImageBatch.PerImage(batch, rng, ToString(), (src, dst, key) =>
        {
            for (var j = 0; j < src.Length; j++)
                dst[j] = T.Clamp(src[j] + T.CreateTruncating(std * key.Normal((ulong)j)), lo, hi);
        });
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"GaussianNoise(std={Std}, min={ClampMin?.ToString() ?? "none"}, max={ClampMax?.ToString() ?? "none"})");
}
