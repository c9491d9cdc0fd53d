using System.Globalization;
using System.Numerics;

namespace Functional;

/// <summary>
/// Salt-and-pepper noise: each element is replaced, independently with probability <see cref="Amount"/>, by
/// <see cref="SaltValue"/> or <see cref="PepperValue"/> with equal probability; the others are kept.
/// Element j of image i draws <c>u = rng.Fold(i).Uniform(j)</c>: pepper when <c>u &lt; amount/2</c>, salt when
/// <c>amount/2 ≤ u &lt; amount</c>. With several channels each channel value is drawn on its own (as
/// scikit-image's <c>random_noise(mode="s&amp;p")</c>). Any batch shape works; the first axis indexes the images.
/// </summary>
/// <param name="Amount">The expected fraction of replaced elements, in [0, 1].</param>
/// <param name="SaltValue">The bright value (1 for images in [0, 1]).</param>
/// <param name="PepperValue">The dark value.</param>
/// <example><code>
/// var noisy = new SaltAndPepper(0.05).Apply(x, rng);    // about 5% of pixels set to 0 or 1
/// </code></example>
public sealed record SaltAndPepper(double Amount, double SaltValue = 1, double PepperValue = 0) : IAugmentation
{
    /// <summary>The expected fraction of replaced elements, in [0, 1].</summary>
    public double Amount { get; } = Amount is >= 0 and <= 1
        ? Amount : throw new ArgumentOutOfRangeException(nameof(Amount), $"SaltAndPepper: the amount has to be between 0 and 1, got {Amount}");

    /// <inheritdoc />
    public Tensor<T> Apply<T>(Tensor<T> batch, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T salt = T.CreateTruncating(SaltValue), pepper = T.CreateTruncating(PepperValue);
        double amount = Amount, half = Amount / 2;
        return ImageBatch.PerImage(batch, rng, ToString(), (src, dst, key) =>
        {
            for (var j = 0; j < src.Length; j++)
            {
                var u = key.Uniform((ulong)j);
                dst[j] = u >= amount ? src[j] : u < half ? pepper : salt;
            }
        });
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"SaltAndPepper(amount={Amount}, salt={SaltValue}, pepper={PepperValue})");
}
