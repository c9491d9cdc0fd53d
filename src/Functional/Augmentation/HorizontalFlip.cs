using System.Globalization;
using System.Numerics;

namespace Functional;

/// <summary>
/// A random left-right flip: image i is mirrored (as <see cref="Flip"/>) when <c>rng.Fold(i).Uniform(0) &lt; P</c>
/// and kept otherwise (torchvision's <c>RandomHorizontalFlip(p)</c>, per image).
/// </summary>
/// <param name="P">The probability of flipping each image, in [0, 1].</param>
/// <example><code>
/// var flipped = new HorizontalFlip().Apply(x, rng);    // about half of the images mirrored
/// </code></example>
public sealed record HorizontalFlip(double P = 0.5) : IAugmentation
{
    /// <summary>The probability of flipping each image, in [0, 1].</summary>
    public double P { get; } = P is >= 0 and <= 1
        ? P : throw new ArgumentOutOfRangeException(nameof(P), $"HorizontalFlip: the probability has to be between 0 and 1, got {P}");

    /// <summary>Whether image <paramref name="image"/> of a batch is flipped under key <paramref name="rng"/>.</summary>
    /// <param name="rng">The batch key.</param>
    /// <param name="image">The image's index in the batch.</param>
    public bool Flips(Rng rng, int image) => rng.Fold((ulong)image).Uniform(0) < P;

    /// <inheritdoc />
    public Tensor<T> Apply<T>(Tensor<T> batch, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (_, _, w) = ImageBatch.Geometry(batch, ToString());
        var p = P;
        return ImageBatch.PerImage(batch, rng, ToString(), (src, dst, key) =>
        {
            if (key.Uniform(0) < p) Flip.Mirror(src, dst, w);
            else src.CopyTo(dst);
        });
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"HorizontalFlip(p={P})");
}
