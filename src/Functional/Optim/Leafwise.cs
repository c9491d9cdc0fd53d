using System.Numerics;

namespace Functional;

/// <summary>Leaf-by-leaf helpers for transforms that read and write several trees of the same structure at once.</summary>
internal static class Leafwise
{
    /// <summary>The leaves of <paramref name="trees"/>, [tree][leaf], checked to share paths and shapes with the first.</summary>
    public static Tensor<T>[][] Gather<T>(string op, params Tree<T>[] trees) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var first = trees[0].Leaves().ToArray();
        var result = new Tensor<T>[trees.Length][];
        result[0] = first.Select(l => l.Value).ToArray();
        for (var t = 1; t < trees.Length; t++)
        {
            var other = trees[t].Leaves().ToArray();
            if (other.Length != first.Length)
                throw new ArgumentException($"{op}: trees differ: {first.Length} leaves against {other.Length}");
            for (var i = 0; i < first.Length; i++)
            {
                if (other[i].Path != first[i].Path) throw new ArgumentException($"{op}: trees differ: '{first[i].Path}' against '{other[i].Path}'");
                if (other[i].Value.Shape != first[i].Value.Shape)
                    throw new ArgumentException($"{op}: '{first[i].Path}' has shapes {first[i].Value.Shape} and {other[i].Value.Shape}");
            }
            result[t] = other.Select(l => l.Value).ToArray();
        }
        return result;
    }

    /// <summary>A tree shaped like <paramref name="like"/> whose leaves, in order, are <paramref name="leaves"/>.</summary>
    public static Tree<T> Build<T>(Tree<T> like, IReadOnlyList<Tensor<T>> leaves) where T : unmanaged, IFloatingPointIeee754<T>
        => like.WithLeaves(leaves);

    /// <summary>Applies <paramref name="f"/> to the leaves at the same position in each tree, giving <paramref name="outputs"/> new trees.</summary>
    public static Tree<T>[] Apply<T>(string op, Tree<T>[] trees, int outputs, Func<Tensor<T>[], Tensor<T>[]> f) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var leaves = Gather(op, trees);
        var n = leaves[0].Length;
        var outs = new Tensor<T>[outputs][];
        for (var o = 0; o < outputs; o++) outs[o] = new Tensor<T>[n];
        var args = new Tensor<T>[trees.Length];
        for (var i = 0; i < n; i++)
        {
            for (var t = 0; t < trees.Length; t++) args[t] = leaves[t][i];
            var r = f(args);
            for (var o = 0; o < outputs; o++) outs[o][i] = r[o];
        }
        return outs.Select(o => Build(trees[0], o)).ToArray();
    }

    /// <summary>A fresh tensor of <paramref name="like"/>'s shape computed by <paramref name="fill"/> into its buffer.</summary>
    public static Tensor<T> New<T>(Tensor<T> like, Action<T[]> fill) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = Buffers.Uninitialized<T>(like.Size);
        fill(r);
        return new Tensor<T>(like.Shape, r);
    }

    /// <summary>A hyperparameter given in double, as <typeparamref name="T"/>.</summary>
    public static T Of<T>(double x) where T : unmanaged, IFloatingPointIeee754<T> => T.CreateChecked(x);
}
