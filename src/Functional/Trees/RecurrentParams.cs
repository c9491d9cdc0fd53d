using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// Parameters of a recurrent network made of parts whose leaves are already named (cells with suffixes,
/// or other such lists): the leaves are the parts' leaves in order, without any prefix, so a two-layer
/// bidirectional LSTM's tree reads <c>weight_ih_l0, ..., bias_hh_l0_reverse, weight_ih_l1, ...</c> as PyTorch's.
/// </summary>
public sealed record RecurrentParams<T> : Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ImmutableArray<Tree<T>> parts;

    /// <summary>A tree of <paramref name="parts"/>, e.g. the forward and backward cells, or the layers of a stack (the list is copied).</summary>
    public RecurrentParams(IEnumerable<Tree<T>> parts) => this.parts = [.. parts];

    private RecurrentParams(ImmutableArray<Tree<T>> parts) => this.parts = parts;

    /// <summary>The parts, in order.</summary>
    public ImmutableArray<Tree<T>> Parts => parts;

    /// <summary>Part <paramref name="i"/>.</summary>
    public Tree<T> this[int i] => parts[i];

    /// <inheritdoc />
    protected override Tree<T> Rebuild(LeafVisitor<T> visit)
    {
        var r = Trees.RebuildAll(parts, null, visit);
        return r == parts ? this : new RecurrentParams<T>(r);
    }

    /// <summary>Structural equality: the same parts, by reference, in the same order.</summary>
    public bool Equals(RecurrentParams<T>? other) => other is not null && parts.SequenceEqual(other.parts);

    /// <inheritdoc />
    public override int GetHashCode() => parts.Length;
}
