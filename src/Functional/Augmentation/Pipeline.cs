using System.Numerics;

namespace Functional;

/// <summary>
/// Augmentations applied one after another: stage s runs with key <c>rng.Fold(s)</c>, so the stages draw
/// independently and adding a stage at the end does not change the draws of the others. An empty pipeline is the identity.
/// Build one with <see cref="Augment.Pipeline"/>.
/// </summary>
/// <param name="Stages">The augmentations, in order.</param>
public sealed record Pipeline(IReadOnlyList<IAugmentation> Stages) : IAugmentation
{
    /// <inheritdoc />
    public Tensor<T> Apply<T>(Tensor<T> batch, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var s = 0; s < Stages.Count; s++) batch = Stages[s].Apply(batch, rng.Fold((ulong)s));
        return batch;
    }

    /// <inheritdoc />
    public override string ToString() => $"Pipeline({string.Join(", ", Stages)})";
}
