using System.Numerics;

namespace Functional;

/// <summary>
/// A data augmentation: a pure function of an image batch and a random key. The first axis of
/// <c>batch</c> indexes the images; geometric augmentations read the last two axes as height and width
/// and treat any axes in between as channels, so <c>(N,1,H,W)</c>, <c>(N,C,H,W)</c> and <c>(N,H,W)</c> all work.
/// <para>Augmentations touch images only: labels never pass through them, so they are preserved by construction.
/// All randomness comes from the key; the same key and batch give the same result on every machine.
/// The built-in augmentations draw image i's randomness from <c>rng.Fold(i)</c>, so an image's result depends
/// only on its pixels, the key and its position i in the batch (reordering the batch reassigns the draws).</para>
/// </summary>
/// <example><code>
/// var aug = Augment.Pipeline(new RandomShift(2, 2), new RandomRotation(10), new SaltAndPepper(0.02));
/// var xAug = aug.Apply(x, new Rng(42).Fold((ulong)step));      // x: (N,1,28,28), same shape out
/// </code></example>
public interface IAugmentation
{
    /// <summary>Returns the augmented batch (same shape as <paramref name="batch"/>), with randomness drawn only from <paramref name="rng"/>.</summary>
    /// <param name="batch">The images, batch first.</param>
    /// <param name="rng">The key for this batch; use a different key for every batch and epoch.</param>
    Tensor<T> Apply<T>(Tensor<T> batch, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>;
}
