using System.Numerics;

namespace Functional;

/// <summary>
/// Per-column standardization, scikit-learn's <c>StandardScaler</c>: <c>z = (x - Mean) / Scale</c>, with
/// <see cref="Mean"/> the column means and <see cref="Scale"/> the POPULATION standard deviations (ddof = 0)
/// of the data given to <see cref="Fit{T}"/>. A constant column gets scale 1, as in scikit-learn.
/// The statistics are computed in double whatever <c>T</c> is. Fit on the training split only, then
/// transform every split with the same scaler.
/// </summary>
/// <param name="Mean">The column means, shape (features).</param>
/// <param name="Scale">The column scales, shape (features): the standard deviation, or 1 for a constant column.</param>
/// <example><code>
/// var scaler = StandardScaler.Fit(train.Features);
/// var x = scaler.Transform(test.Features);
/// </code></example>
public sealed record StandardScaler(Tensor<double> Mean, Tensor<double> Scale)
{
    private const double Eps = 2.220446049250313e-16;   // numpy's finfo(float64).eps

    /// <summary>
    /// Fits the scaler to <paramref name="x"/> (rows are samples, the last dimension the features), with
    /// scikit-learn's arithmetic: the variance is the mean squared deviation, corrected by the rounding error of
    /// the mean, and a column is constant when its variance is at most <c>n·ε·var + (n·mean·ε)²</c>.
    /// </summary>
    public static StandardScaler Fit<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Rank < 1 || x.Size == 0)
            throw new ArgumentException($"StandardScaler.Fit needs at least one row, got shape {x.Shape}");
        var f = x.Shape[-1];
        var n = x.Size / f;
        var v = x.Span;
        var mean = new double[f];
        var scale = new double[f];
        for (var j = 0; j < f; j++)
        {
            double sum = 0;
            for (var i = 0; i < n; i++) sum += double.CreateTruncating(v[i * f + j]);
            var m = sum / n;
            double correction = 0, squares = 0;
            for (var i = 0; i < n; i++)
            {
                var d = double.CreateTruncating(v[i * f + j]) - m;
                correction += d;
                squares += d * d;
            }
            var variance = (squares - correction * correction / n) / n;
            var constant = variance <= n * Eps * variance + Math.Pow(n * m * Eps, 2);
            mean[j] = m;
            scale[j] = constant ? 1.0 : Math.Sqrt(variance);
        }
        return new StandardScaler(Tensor.FromArray(mean), Tensor.FromArray(scale));
    }

    /// <summary>The number of features the scaler was fitted on.</summary>
    public int Features => Mean.Size;

    /// <summary><c>(x - Mean) / Scale</c> column by column (scikit-learn's <c>transform</c>).</summary>
    public Tensor<T> Transform<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Apply(x, nameof(Transform), (v, m, s) => T.CreateTruncating(double.CreateTruncating(T.CreateTruncating(double.CreateTruncating(v) - m)) / s));

    /// <summary><c>x·Scale + Mean</c> column by column (scikit-learn's <c>inverse_transform</c>).</summary>
    public Tensor<T> InverseTransform<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Apply(x, nameof(InverseTransform), (v, m, s) => T.CreateTruncating(double.CreateTruncating(T.CreateTruncating(double.CreateTruncating(v) * s)) + m));

    /// <summary>The features of <paramref name="data"/> transformed, the targets unchanged.</summary>
    public Dataset<T> Transform<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
        => data with { Features = Transform(data.Features) };

    private Tensor<T> Apply<T>(Tensor<T> x, string op, Func<T, double, double, T> f) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var k = Features;
        if (x.Rank < 1 || x.Shape[-1] != k)
            throw new ShapeMismatchException($"StandardScaler.{op} was fitted on {k} features, got input shape {x.Shape}");
        var v = x.Span;
        var r = Buffers.Uninitialized<T>(v.Length);
        var m = Mean.Span;
        var s = Scale.Span;
        for (var i = 0; i < r.Length; i++) r[i] = f(v[i], m[i % k], s[i % k]);
        return new Tensor<T>(x.Shape, r);
    }
}
