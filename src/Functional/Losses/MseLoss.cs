namespace Functional;

/// <summary>Mean squared error, PyTorch's <c>nn.MSELoss</c>: terms <c>(x - t)²</c>.</summary>
public sealed class MseLoss(Reduction reduction = Reduction.Mean) : ElementwiseLoss(reduction)
{
    /// <inheritdoc />
    protected override void Terms<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> t, Span<T> loss, Span<T> d)
    {
        var two = T.CreateTruncating(2);
        for (var i = 0; i < x.Length; i++)
        {
            var e = x[i] - t[i];
            loss[i] = e * e;
            d[i] = two * e;
        }
    }
}
