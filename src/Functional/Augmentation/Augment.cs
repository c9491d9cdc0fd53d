using System.Numerics;

namespace Functional;

/// <summary>
/// Building and running augmentation pipelines. Augmentations are pure functions of a batch and a key
/// (<see cref="IAugmentation"/>); they touch the images only, never the labels.
/// </summary>
/// <example><code>
/// var aug = Augment.Pipeline(new HorizontalFlip(), new RandomShift(2, 2), new GaussianNoise(0.05, 0, 1));
/// var epochKey = new Rng(7).Fold((ulong)epoch);
/// foreach (var (x, y) in batches.Augmented(aug, epochKey)) { /* train on x, y */ }
/// </code></example>
public static class Augment
{
    /// <summary>Composes augmentations into a <see cref="Functional.Pipeline"/>: stage s draws from <c>rng.Fold(s)</c>.</summary>
    /// <param name="stages">The augmentations, applied in order.</param>
    public static Pipeline Pipeline(params IAugmentation[] stages) => new([.. stages]);

    /// <summary>The same augmentation with its draws shared by all images of a batch (see <see cref="SameForBatch"/>).</summary>
    /// <param name="augmentation">The augmentation.</param>
    public static SameForBatch PerBatch(IAugmentation augmentation) => new(augmentation);

    /// <summary>
    /// Augments the features of each (features, targets) batch, batch b with key <c>rng.Fold(b)</c>; the targets are passed on
    /// as they are (the same tensor). Lazy, like the sequence it reads: pass a different <paramref name="rng"/> per epoch
    /// (e.g. <c>seed.Fold(epoch)</c>) so epochs see different augmentations.
    /// </summary>
    /// <param name="batches">The minibatches, features first (images batch first).</param>
    /// <param name="augmentation">The augmentation applied to the features.</param>
    /// <param name="rng">The key for this pass over the batches.</param>
    public static IEnumerable<(Tensor<T> Features, Tensor<T> Targets)> Augmented<T>(this IEnumerable<(Tensor<T> Features, Tensor<T> Targets)> batches, IAugmentation augmentation, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(augmentation);
        return batches.Select((b, i) => (augmentation.Apply(b.Features, rng.Fold((ulong)i)), b.Targets));
    }
}
