namespace Functional;

/// <summary>
/// Binary cross-entropy on logits, PyTorch's <c>nn.BCEWithLogitsLoss</c>: terms
/// <c>(1-t)·x + log(1 + e^-x)</c>, computed as <c>(1-t)·x + m + log(e^-m + e^(-x-m))</c> with m = max(-x, 0),
/// so it never overflows. The derivative is <c>σ(x) - t</c>.
/// </summary>
public sealed class BceWithLogitsLoss(Reduction reduction = Reduction.Mean) : ElementwiseLoss(reduction)
{
    /// <inheritdoc />
    protected override void Terms<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> t, Span<T> loss, Span<T> d)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var m = T.Max(-x[i], T.Zero);
            loss[i] = (T.One - t[i]) * x[i] + m + T.Log(T.Exp(-m) + T.Exp(-x[i] - m));
            d[i] = T.One / (T.One + T.Exp(-x[i])) - t[i];
        }
    }
}
