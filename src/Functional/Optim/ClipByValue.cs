using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>Clamps every update into [<paramref name="Min"/>, <paramref name="Max"/>], as <c>torch.nn.utils.clip_grad_value_</c> (which uses ±clip_value).</summary>
/// <param name="Min">The lower bound.</param>
/// <param name="Max">The upper bound.</param>
public sealed record ClipByValue(double Min, double Max) : GradientTransformation
{
    /// <summary>Clamps into [-<paramref name="clipValue"/>, <paramref name="clipValue"/>].</summary>
    /// <param name="clipValue">The largest magnitude allowed.</param>
    public ClipByValue(double clipValue) : this(-clipValue, clipValue) { }

    /// <inheritdoc />
    public override OptState Init<T>(Tree<T> parameters) => EmptyState.Instance;

    /// <inheritdoc />
    public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
    {
        T lo = Leafwise.Of<T>(Min), hi = Leafwise.Of<T>(Max);
        return (grads.Map(g => Leafwise.New(g, r => { TP.Min(g.Span, hi, r); TP.Max(r, lo, r); })), state);
    }
}
