using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// An ordered list of named child trees, the parameters (or state) of <see cref="Sequential"/>: children are named
/// <c>0</c>, <c>1</c>, ... as in <c>nn.Sequential</c>, or given names as in <c>nn.Sequential(OrderedDict(...))</c>,
/// and a child's leaves are prefixed with its name (<c>0.weight</c>, <c>features.0.weight</c>).
/// </summary>
public sealed record TreeList<T> : Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ImmutableArray<Tree<T>> items;
    private readonly ImmutableArray<string> names;

    /// <summary>Children named by position: <c>0</c>, <c>1</c>, ... (the list is copied).</summary>
    public TreeList(IEnumerable<Tree<T>> items)
    {
        this.items = [.. items];
        names = [.. Enumerable.Range(0, this.items.Length).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>Children with their names (the list is copied); the names must be distinct.</summary>
    public TreeList(IEnumerable<(string Name, Tree<T> Tree)> children)
    {
        var list = children.ToArray();
        items = [.. list.Select(c => c.Tree)];
        names = [.. list.Select(c => c.Name)];
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            throw new ArgumentException($"TreeList: child names must be distinct, got [{string.Join(", ", names)}]");
    }

    /// <summary>Children and names already checked (by <see cref="Sequential"/>, or by this record's own constructors).</summary>
    internal TreeList(ImmutableArray<Tree<T>> items, ImmutableArray<string> names) => (this.items, this.names) = (items, names);

    /// <summary>The children, in order.</summary>
    public ImmutableArray<Tree<T>> Items => items;

    /// <summary>The children's names, in order: their prefixes in the leaves' paths.</summary>
    public ImmutableArray<string> Names => names;

    /// <summary>Child <paramref name="i"/>.</summary>
    public Tree<T> this[int i] => items[i];

    /// <summary>The child named <paramref name="name"/>.</summary>
    public Tree<T> this[string name]
    {
        get
        {
            var i = names.IndexOf(name);
            return i >= 0 ? items[i] : throw new KeyNotFoundException($"TreeList has no child named '{name}' (it has [{string.Join(", ", names)}])");
        }
    }

    /// <inheritdoc />
    protected override Tree<T> Rebuild(LeafVisitor<T> visit)
    {
        var r = Trees.RebuildAll(items, names, visit);
        return r == items ? this : new TreeList<T>(r, names);
    }

    /// <summary>Structural equality: the same names and the same children, by reference, in the same order.</summary>
    public bool Equals(TreeList<T>? other) => other is not null && items.SequenceEqual(other.items) && names.SequenceEqual(other.names);

    /// <inheritdoc />
    public override int GetHashCode() => items.Length;
}
