using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// A tree given by its leaves and their dotted paths (a state dict). Used for sub-trees selected by path
/// (<see cref="Masked"/>) and for trees read from files.
/// </summary>
public sealed record PathTree<T> : Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ImmutableArray<(string Path, Tensor<T> Value)> entries;

    /// <summary>A tree of <paramref name="entries"/>, in order (the list is copied).</summary>
    public PathTree(IEnumerable<(string Path, Tensor<T> Value)> entries) => this.entries = [.. entries];

    /// <summary>The leaves, in order, with their paths.</summary>
    public ImmutableArray<(string Path, Tensor<T> Value)> Entries => entries;

    /// <summary>A tree from a dictionary (in its enumeration order).</summary>
    public static PathTree<T> From(IEnumerable<KeyValuePair<string, Tensor<T>>> entries) => new(entries.Select(e => (e.Key, e.Value)));

    /// <inheritdoc />
    protected override Tree<T> Rebuild(LeafVisitor<T> visit)
    {
        var r = new (string, Tensor<T>)[entries.Length];
        for (var i = 0; i < r.Length; i++) r[i] = (entries[i].Path, visit.Leaf(entries[i].Path, entries[i].Value));
        return new PathTree<T>(r);
    }

    /// <summary>Structural equality: the same paths and the same leaves, by reference.</summary>
    public bool Equals(PathTree<T>? other) => other is not null && entries.SequenceEqual(other.entries);

    /// <inheritdoc />
    public override int GetHashCode() => entries.Length;
}
