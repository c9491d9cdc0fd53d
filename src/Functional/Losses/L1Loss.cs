namespace Functional;

/// <summary>Mean absolute error, PyTorch's <c>nn.L1Loss</c>: terms <c>|x - t|</c>, with gradient sign(x - t) (0 at 0).</summary>
public sealed class L1Loss(Reduction reduction = Reduction.Mean) : ElementwiseLoss(reduction)
{
    /// <inheritdoc />
    protected override void Terms<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> t, Span<T> loss, Span<T> d)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var e = x[i] - t[i];
            loss[i] = T.Abs(e);
            d[i] = e > T.Zero ? T.One : e < T.Zero ? -T.One : T.Zero;
        }
    }
}
