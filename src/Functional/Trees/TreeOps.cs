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
        => tree.Map((_, t) => f(t));

    /// <summary>Combines two trees of the same structure leaf by leaf.</summary>
    public static Tree<T> Zip<T>(this Tree<T> a, Tree<T> b, Func<Tensor<T>, Tensor<T>, Tensor<T>> f) where T : unmanaged, IFloatingPointIeee754<T>
        => a.Zip(b, (_, x, y) => f(x, y));

    /// <summary>Combines two trees of the same structure leaf by leaf, with the leaf's path.</summary>
    public static Tree<T> Zip<T>(this Tree<T> a, Tree<T> b, Func<string, Tensor<T>, Tensor<T>, Tensor<T>> f) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var others = b.Leaves().ToList();
        var i = 0;
        var result = a.Map((path, x) =>
        {
            if (i >= others.Count) throw new ArgumentException($"tree structures differ: '{path}' has no counterpart");
            var (op, y) = others[i++];
            if (op != path) throw new ArgumentException($"tree structures differ: '{path}' against '{op}'");
            if (x.Shape != y.Shape) throw new ArgumentException($"'{path}': shapes {x.Shape} and {y.Shape} differ");
            return f(path, x, y);
        });
        if (i != others.Count) throw new ArgumentException($"tree structures differ: '{others[i].Path}' has no counterpart");
        return result;
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
        => tree.Leaves().Sum(l => l.Value.Size);

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
        foreach (var (_, v) in tree.Leaves()) { v.Span.CopyTo(r.AsSpan(o)); o += v.Size; }
        return r;
    }

    /// <summary>The inverse of <see cref="Flatten{T}"/>: a tree shaped like <paramref name="like"/> holding <paramref name="values"/>.</summary>
    public static Tree<T> Unflatten<T>(this Tree<T> like, ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var count = like.Count();
        if (values.Length != count) throw new ArgumentException($"Unflatten: the tree holds {count} values, got {values.Length}");
        var copy = values.ToArray();
        var o = 0;
        return like.Map(t =>
        {
            var r = new Tensor<T>(t.Shape, copy.AsSpan(o, t.Size).ToArray());
            o += t.Size;
            return r;
        });
    }

    /// <summary>The sum of products of matching leaves.</summary>
    public static T Dot<T>(this Tree<T> a, Tree<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = T.Zero;
        a.Zip(b, (x, y) => { s += TP.Dot(x.Span, y.Span); return x; });
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
