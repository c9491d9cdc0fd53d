using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// Operations written once for every parameter tree: arithmetic, map and zip over leaves,
/// flatten/unflatten, counting and loading by state-dict name.
/// </summary>
public static class Tree
{
    /// <summary>The empty tree.</summary>
    public static Tree<T> Empty<T>() where T : unmanaged, IFloatingPointIeee754<T> => Functional.Empty<T>.Instance;

    /// <summary>The same structure with every leaf replaced by <paramref name="f"/>(leaf).</summary>
    public static Tree<T> Map<T>(this Tree<T> tree, Func<Tensor<T>, Tensor<T>> f) where T : unmanaged, IFloatingPointIeee754<T>
        => tree.MapValues(f);

    /// <summary>Combines two trees of the same structure leaf by leaf.</summary>
    public static Tree<T> Zip<T>(this Tree<T> a, Tree<T> b, Func<Tensor<T>, Tensor<T>, Tensor<T>> f) where T : unmanaged, IFloatingPointIeee754<T>
        => a.Zip(b, (_, x, y) => f(x, y));

    /// <summary>Combines two trees of the same structure leaf by leaf, with the leaf's path.</summary>
    public static Tree<T> Zip<T>(this Tree<T> a, Tree<T> b, Func<string, Tensor<T>, Tensor<T>, Tensor<T>> f) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (xs, ys) = Matched(a, b);
        var r = new Tensor<T>[xs.Count];
        for (var i = 0; i < r.Length; i++) r[i] = f(xs[i].Path, xs[i].Value, ys[i].Value);
        return a.WithLeaves(r);
    }

    /// <summary>The leaves of two trees, checked to have the same paths and shapes in the same order.</summary>
    private static (IReadOnlyList<(string Path, Tensor<T> Value)> A, IReadOnlyList<(string Path, Tensor<T> Value)> B) Matched<T>(Tree<T> a, Tree<T> b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (xs, ys) = (a.Leaves(), b.Leaves());
        for (var i = 0; i < Math.Min(xs.Count, ys.Count); i++)
        {
            if (xs[i].Path != ys[i].Path) throw new ArgumentException($"tree structures differ: '{xs[i].Path}' against '{ys[i].Path}'");
            if (xs[i].Value.Shape != ys[i].Value.Shape) throw new ArgumentException($"'{xs[i].Path}': shapes {xs[i].Value.Shape} and {ys[i].Value.Shape} differ");
        }
        if (xs.Count != ys.Count)
            throw new ArgumentException($"tree structures differ: '{(xs.Count > ys.Count ? xs[ys.Count] : ys[xs.Count]).Path}' has no counterpart");
        return (xs, ys);
    }

    /// <summary>A tree of zeros shaped like <paramref name="like"/>.</summary>
    public static Tree<T> ZerosLike<T>(this Tree<T> like) where T : unmanaged, IFloatingPointIeee754<T>
        => like.Map(Tensor.ZerosLike);

    /// <summary>Leaf-wise sum.</summary>
    public static Tree<T> Add<T>(this Tree<T> a, Tree<T> b) where T : unmanaged, IFloatingPointIeee754<T>
        => a.Zip(b, (x, y) => x + y);

    /// <summary>Leaf-wise difference.</summary>
    public static Tree<T> Sub<T>(this Tree<T> a, Tree<T> b) where T : unmanaged, IFloatingPointIeee754<T>
        => a.Zip(b, (x, y) => x - y);

    /// <summary>Every leaf multiplied by <paramref name="s"/>.</summary>
    public static Tree<T> Scale<T>(this Tree<T> a, T s) where T : unmanaged, IFloatingPointIeee754<T>
        => a.Map(x => x * s);

    /// <summary><c>a + s·b</c> leaf by leaf, in one pass: the plain gradient-descent update is <c>p.AddScaled(g, -lr)</c>.</summary>
    public static Tree<T> AddScaled<T>(this Tree<T> a, Tree<T> b, T s) where T : unmanaged, IFloatingPointIeee754<T>
        => a.Zip(b, (x, y) =>
        {
            var r = Buffers.New<T>(x.Size);
            TP.MultiplyAdd(y.data, s, x.data, r);
            return new Tensor<T>(x.Shape, r);
        });

    /// <summary>The number of scalar values in all leaves.</summary>
    public static int Count<T>(this Tree<T> tree) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = 0;
        foreach (var v in tree.Values()) n += v.Size;
        return n;
    }

    /// <summary>The dotted paths of the leaves, in order.</summary>
    public static IReadOnlyList<string> Paths<T>(this Tree<T> tree) where T : unmanaged, IFloatingPointIeee754<T>
        => tree.Leaves().Select(l => l.Path).ToList();

    /// <summary>The leaves as a dictionary keyed by state-dict name.</summary>
    public static IReadOnlyDictionary<string, Tensor<T>> ToDictionary<T>(this Tree<T> tree) where T : unmanaged, IFloatingPointIeee754<T>
        => tree.Leaves().ToDictionary(l => l.Path, l => l.Value);

    /// <summary>All leaves concatenated into one vector, in canonical order.</summary>
    public static T[] Flatten<T>(this Tree<T> tree) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = Buffers.New<T>(tree.Count());
        var o = 0;
        foreach (var v in tree.Values()) { v.Span.CopyTo(r.AsSpan(o)); o += v.Size; }
        return r;
    }

    /// <summary>The inverse of <see cref="Flatten{T}"/>: a tree shaped like <paramref name="like"/> holding <paramref name="values"/>.</summary>
    public static Tree<T> Unflatten<T>(this Tree<T> like, ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var count = like.Count();
        if (values.Length != count) throw new ArgumentException($"Unflatten: the tree holds {count} values, got {values.Length}");
        var leaves = like.Values();
        var r = new Tensor<T>[leaves.Count];
        var o = 0;
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = new Tensor<T>(leaves[i].Shape, values.Slice(o, leaves[i].Size).ToArray());
            o += leaves[i].Size;
        }
        return like.WithLeaves(r);
    }

    /// <summary>The sum of products of matching leaves.</summary>
    public static T Dot<T>(this Tree<T> a, Tree<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (xs, ys) = Matched(a, b);
        var s = T.Zero;
        for (var i = 0; i < xs.Count; i++) s += TP.Dot(xs[i].Value.Span, ys[i].Value.Span);
        return s;
    }

    /// <summary>
    /// A tree shaped like <paramref name="like"/> whose leaves are taken from <paramref name="tensors"/> by
    /// state-dict name. A missing name or a shape that does not match is an error naming the tensor and both shapes.
    /// </summary>
    public static Tree<T> Load<T>(this Tree<T> like, IReadOnlyDictionary<string, Tensor<T>> tensors, string? prefix = null) where T : unmanaged, IFloatingPointIeee754<T>
        => like.Map((path, t) =>
        {
            var key = prefix is null ? path : prefix + path;
            if (!tensors.TryGetValue(key, out var v)) throw new KeyNotFoundException($"no tensor named '{key}' (expected shape {t.Shape})");
            if (v.Shape != t.Shape) throw new ArgumentException($"tensor '{key}' has shape {v.Shape}, but the model expects {t.Shape}");
            return v;
        });
}
