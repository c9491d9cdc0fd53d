using System.Numerics;

namespace Functional;

/// <summary>
/// The uniform view of a parameter (or state) value: an ordered set of tensor leaves, each under a
/// dotted PyTorch state-dict name such as <c>0.weight</c> or <c>weight_ih_l0_reverse</c>.
/// Every concrete parameter record derives from this and declares its leaves once, in
/// <see cref="Rebuild"/>; <see cref="Leaves"/>, <see cref="Map"/> and <see cref="WithLeaves"/> all come from
/// that one method, so zero/add/scale, map/zip, flatten and serialization are written once, in
/// <see cref="Tree"/>, for every model.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <example><code>
/// public sealed record Scale&lt;T&gt;(Tensor&lt;T&gt; Gamma, Tensor&lt;T&gt;? Beta) : Tree&lt;T&gt; where T : unmanaged, IFloatingPointIeee754&lt;T&gt;
/// {
///     protected override Tree&lt;T&gt; Rebuild(LeafVisitor&lt;T&gt; visit)
///         => new Scale&lt;T&gt;(visit.Leaf("gamma", Gamma), visit.OptionalLeaf("beta", Beta));
/// }
/// </code></example>
public abstract record Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Declares the leaves, once: hands every leaf (and every child tree) to <paramref name="visit"/> under its name,
    /// in canonical order, and builds the same record from what the visitor gives back. An optional leaf that is
    /// null is passed through <see cref="LeafVisitor{T}.OptionalLeaf"/> and is not a leaf. The result must be of
    /// the record's own type.
    /// </summary>
    /// <param name="visit">The visitor: it reads the leaves, replaces them, or both.</param>
    protected abstract Tree<T> Rebuild(LeafVisitor<T> visit);

    /// <summary>Runs <see cref="Rebuild"/> for the library's visitors.</summary>
    internal Tree<T> Visit(LeafVisitor<T> visit) => Rebuild(visit);

    /// <summary>The leaves in canonical order, each with its dotted path.</summary>
    public IReadOnlyList<(string Path, Tensor<T> Value)> Leaves()
    {
        var collect = new LeafVisitor<T>.Collect(paths: true);
        Visit(collect);
        return collect.Leaves;
    }

    /// <summary>The leaf tensors in canonical order, without building their paths.</summary>
    internal IReadOnlyList<Tensor<T>> Values()
    {
        var collect = new LeafVisitor<T>.Collect(paths: false);
        Visit(collect);
        return collect.Values;
    }

    /// <summary>
    /// The same structure with every leaf replaced by <paramref name="f"/>(path, leaf). Leaves are
    /// visited in the order of <see cref="Leaves"/>.
    /// </summary>
    public Tree<T> Map(Func<string, Tensor<T>, Tensor<T>> f) => Visit(new LeafVisitor<T>.MapLeaves(f, null));

    /// <summary>The same structure with every leaf replaced by <paramref name="f"/>(leaf); no paths are built.</summary>
    internal Tree<T> MapValues(Func<Tensor<T>, Tensor<T>> f) => Visit(new LeafVisitor<T>.MapLeaves(null, f));

    /// <summary>
    /// The same structure holding <paramref name="leaves"/>, in the order of <see cref="Leaves"/>: the inverse of
    /// taking the leaves' values. The count must match; shapes are not checked.
    /// </summary>
    public Tree<T> WithLeaves(IReadOnlyList<Tensor<T>> leaves)
    {
        var replace = new LeafVisitor<T>.Replace(leaves);
        var result = Visit(replace);
        replace.Finish(this);
        return result;
    }

    /// <summary>Formats the leaves as <c>name: shape</c> lines.</summary>
    public sealed override string ToString()
        => GetType().Name.Split('`')[0] + " { " + string.Join(", ", Leaves().Select(l => $"{l.Path}: {l.Value.Shape}")) + " }";
}
