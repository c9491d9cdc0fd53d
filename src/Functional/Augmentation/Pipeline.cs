using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// Augmentations applied one after another: stage s runs with key <c>rng.Fold(s)</c>, so the stages draw
/// independently and adding a stage at the end does not change the draws of the others. An empty pipeline is the identity.
/// Build one with <see cref="Augment.Pipeline"/>.
/// </summary>
/// <param name="Stages">The augmentations, in order.</param>
public sealed record Pipeline(ImmutableArray<IAugmentation> Stages) : IAugmentation
{
    /// <summary>A pipeline of a copy of <paramref name="stages"/>.</summary>
    public Pipeline(IEnumerable<IAugmentation> stages) : this(stages.ToImmutableArray()) { }

    /// <inheritdoc />
    public Tensor<T> Apply<T>(Tensor<T> batch, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var s = 0; s < Stages.Length; s++) batch = Stages[s].Apply(batch, rng.Fold((ulong)s));
        return batch;
    }

    /// <inheritdoc />
    public override string ToString() => $"Pipeline({string.Join(", ", Stages)})";

    /// <summary>Structural equality: equal stages in the same order.</summary>
    public bool Equals(Pipeline? other) => other is not null && Structural.Equal(Stages, other.Stages);

    /// <inheritdoc />
    public override int GetHashCode() => Structural.Hash(Stages);
}
