namespace Functional;

/// <summary>
/// Binary cross-entropy on probabilities, PyTorch's <c>nn.BCELoss</c>: terms
/// <c>-(t·log x + (1-t)·log(1-x))</c>, each log clamped at -100 as PyTorch does. The derivative is
/// PyTorch's <c>(x - t) / max(x(1-x), 1e-12)</c>. Inputs must lie in [0, 1].
/// </summary>
public sealed class BceLoss(Reduction reduction = Reduction.Mean) : ElementwiseLoss(reduction)
{
    /// <inheritdoc />
    protected override void Terms<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> t, Span<T> loss, Span<T> d)
    {
        var floor = T.CreateTruncating(-100);
        var eps = T.CreateTruncating(1e-12);
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] < T.Zero || x[i] > T.One || T.IsNaN(x[i]))
                throw new ArgumentOutOfRangeException(nameof(x), $"BceLoss: input {x[i]} at index {i} is outside [0, 1]");
            var logx = T.Max(T.Log(x[i]), floor);
            var log1mx = T.Max(T.Log(T.One - x[i]), floor);
            loss[i] = -(t[i] * logx + (T.One - t[i]) * log1mx);
            d[i] = (x[i] - t[i]) / T.Max((T.One - x[i]) * x[i], eps);
        }
    }
}
