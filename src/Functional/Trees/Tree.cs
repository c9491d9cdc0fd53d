using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// The uniform view of a parameter (or state) value: an ordered set of tensor leaves, each under a
/// dotted PyTorch state-dict name such as <c>0.weight</c> or <c>weight_ih_l0_reverse</c>.
/// Every concrete parameter record derives from this, so zero/add/scale, map/zip, flatten and
/// serialization are written once, in <see cref="Tree"/>, for every model.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public abstract record Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The leaves in canonical order, each with its dotted path.</summary>
    public abstract IEnumerable<(string Path, Tensor<T> Value)> Leaves();

    /// <summary>
    /// The same structure with every leaf replaced by <paramref name="f"/>(path, leaf). Leaves are
    /// visited in the order of <see cref="Leaves"/>.
    /// </summary>
    public abstract Tree<T> Map(Func<string, Tensor<T>, Tensor<T>> f);

    /// <summary>Prefixes a child's paths: <c>Join("0", "weight")</c> is <c>0.weight</c>.</summary>
    protected static string Join(string prefix, string path) => prefix.Length == 0 ? path : path.Length == 0 ? prefix : prefix + "." + path;

    /// <summary>Formats the leaves as <c>name: shape</c> lines.</summary>
    public sealed override string ToString()
        => GetType().Name.Split('`')[0] + " { " + string.Join(", ", Leaves().Select(l => $"{l.Path}: {l.Value.Shape}")) + " }";
}

/// <summary>A tree with no leaves: the parameters of ReLU, the state of Linear.</summary>
public sealed record Empty<T> : Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The one empty tree.</summary>
    public static Empty<T> Instance { get; } = new();

    private Empty() { }

    /// <inheritdoc />
    public override IEnumerable<(string Path, Tensor<T> Value)> Leaves() => [];

    /// <inheritdoc />
    public override Tree<T> Map(Func<string, Tensor<T>, Tensor<T>> f) => this;
}

/// <summary>An ordered list of child trees named <c>0</c>, <c>1</c>, ... as in <c>nn.Sequential</c>.</summary>
/// <param name="Items">The children.</param>
public sealed record TreeList<T>(ImmutableArray<Tree<T>> Items) : Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A list of a copy of <paramref name="items"/>.</summary>
    public TreeList(IEnumerable<Tree<T>> items) : this(items.ToImmutableArray()) { }

    /// <summary>Child <paramref name="i"/>.</summary>
    public Tree<T> this[int i] => Items[i];

    /// <inheritdoc />
    public override IEnumerable<(string Path, Tensor<T> Value)> Leaves()
    {
        for (var i = 0; i < Items.Length; i++)
            foreach (var (p, v) in Items[i].Leaves()) yield return (Join(i.ToString(), p), v);
    }

    /// <inheritdoc />
    public override Tree<T> Map(Func<string, Tensor<T>, Tensor<T>> f)
    {
        var r = new Tree<T>[Items.Length];
        for (var i = 0; i < r.Length; i++)
        {
            var prefix = i.ToString();
            r[i] = Items[i].Map((p, t) => f(Join(prefix, p), t));
        }
        return new TreeList<T>(r);
    }

    /// <summary>Structural equality: the same children, by reference, in the same order.</summary>
    public bool Equals(TreeList<T>? other) => other is not null && Structural.Equal(Items, other.Items);

    /// <inheritdoc />
    public override int GetHashCode() => Items.Length;
}
