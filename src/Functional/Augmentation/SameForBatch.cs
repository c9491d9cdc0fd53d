using System.Numerics;

namespace Functional;

/// <summary>
/// Applies <see cref="Inner"/> with the same draws to every image of the batch: each image is augmented on its own,
/// as a batch of one, with the batch key itself. So every image gets the same shift, angle, flip decision or noise
/// pattern, where the default (per image) gives each image its own. Build one with <see cref="Augment.PerBatch"/>.
/// </summary>
/// <param name="Inner">The augmentation whose draws are shared.</param>
public sealed record SameForBatch(IAugmentation Inner) : IAugmentation
{
    /// <inheritdoc />
    public Tensor<T> Apply<T>(Tensor<T> batch, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch.Rank < 1) throw new ShapeMismatchException($"{this} expects a batch with the images on the first axis, got shape {batch.Shape}");
        var one = batch.Shape.With(0, 1).ToArray();
        return ImageBatch.PerImage(batch, rng, ToString(), (src, dst, _) =>
            Inner.Apply(Tensor.FromArray(src.ToArray(), one), rng).Span.CopyTo(dst));
    }

    /// <inheritdoc />
    public override string ToString() => $"SameForBatch({Inner})";
}
