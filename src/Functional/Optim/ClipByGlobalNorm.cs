using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// Clips the gradients by their global norm, as <c>torch.nn.utils.clip_grad_norm_</c>: the total norm is the
/// <paramref name="NormType"/>-norm of the per-leaf norms (the largest magnitude for infinity);
/// with <c>coef = MaxNorm / (total + 1e-6)</c>, every leaf is multiplied by <c>coef</c> when <c>coef &lt; 1</c>
/// (and, as PyTorch, when the norm is not a number). The total norm is kept in the state.
/// </summary>
/// <param name="MaxNorm">The largest norm allowed.</param>
/// <param name="NormType">The norm's order p (&gt; 0), or <see cref="double.PositiveInfinity"/>.</param>
public sealed record ClipByGlobalNorm(double MaxNorm, double NormType = 2.0) : GradientTransformation
{
    /// <inheritdoc />
    public override OptState Init<T>(Tree<T> parameters) => new ClipByGlobalNormState(0);

    /// <inheritdoc />
    public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
    {
        Expect<ClipByGlobalNormState>(state);
        var total = double.CreateChecked(TotalNorm(grads, NormType));
        var coef = MaxNorm / (total + 1e-6);
        var u = coef >= 1.0 ? grads : grads.Scale(Leafwise.Of<T>(coef));
        return (u, new ClipByGlobalNormState(total));
    }

    /// <summary>The global <paramref name="p"/>-norm of a tree, computed as PyTorch does (norm of the per-leaf norms).</summary>
    /// <param name="tree">The tree.</param>
    /// <param name="p">The order, or infinity.</param>
    public static T TotalNorm<T>(Tree<T> tree, double p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(p > 0)) throw new ArgumentException($"ClipByGlobalNorm: norm type {p} is not supported (p > 0 or infinity)");
        var norms = tree.Leaves().Select(l => LeafNorm(l.Value.Span, p)).ToArray();
        return norms.Length == 0 ? T.Zero : LeafNorm<T>(norms, p);
    }

    private static T LeafNorm<T>(ReadOnlySpan<T> x, double p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length == 0) return T.Zero;
        if (double.IsPositiveInfinity(p)) return T.Abs(TP.MaxMagnitude(x));
        if (p == 1) return TP.SumOfMagnitudes(x);
        if (p == 2) return T.Sqrt(TP.SumOfSquares(x));
        var tp = Leafwise.Of<T>(p);
        var s = T.Zero;
        foreach (var v in x) s += T.Pow(T.Abs(v), tp);
        return T.Pow(s, T.One / tp);
    }
}

/// <summary>The state of <see cref="ClipByGlobalNorm"/>.</summary>
/// <param name="TotalNorm">The total norm of the last gradients seen, before clipping (what <c>clip_grad_norm_</c> returns).</param>
public sealed record ClipByGlobalNormState(double TotalNorm) : OptState;
