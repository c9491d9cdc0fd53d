using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// A tree given by its leaves and their dotted paths (a state dict). Used for sub-trees selected by path
/// (<see cref="Masked"/>) and for trees read from files.
/// </summary>
/// <param name="Entries">The leaves, in order, with their paths.</param>
public sealed record PathTree<T>(ImmutableArray<(string Path, Tensor<T> Value)> Entries) : Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A tree of a copy of <paramref name="entries"/>.</summary>
    public PathTree(IEnumerable<(string Path, Tensor<T> Value)> entries) : this(entries.ToImmutableArray()) { }

    /// <summary>A tree from a dictionary (in its enumeration order).</summary>
    public static PathTree<T> From(IEnumerable<KeyValuePair<string, Tensor<T>>> entries) => new(entries.Select(e => (e.Key, e.Value)).ToImmutableArray());

    /// <inheritdoc />
    public override IEnumerable<(string Path, Tensor<T> Value)> Leaves() => Entries;

    /// <inheritdoc />
    public override Tree<T> Map(Func<string, Tensor<T>, Tensor<T>> f) => new PathTree<T>(Entries.Select(e => (e.Path, f(e.Path, e.Value))).ToImmutableArray());

    /// <summary>Structural equality: the same paths and the same leaves, by reference.</summary>
    public bool Equals(PathTree<T>? other) => other is not null && Structural.Equal(Entries, other.Entries);

    /// <inheritdoc />
    public override int GetHashCode() => Entries.Length;
}
