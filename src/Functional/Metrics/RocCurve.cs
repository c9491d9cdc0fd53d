using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// A receiver operating characteristic curve, computed as scikit-learn 1.2's <c>roc_curve</c>: one point per
/// distinct score in decreasing order (tied scores grouped), preceded by the point (0, 0) whose threshold is
/// the largest score plus one (scikit-learn 1.3 and later use +∞ there instead).
/// <example><code>
/// var roc = RocCurve.Compute(new[] { 0, 0, 1, 1 }, new[] { 0.1, 0.4, 0.35, 0.8 });
/// // roc.Fpr = [0, 0, 0.5, 0.5, 1], roc.Tpr = [0, 0.5, 0.5, 1, 1], roc.Thresholds = [1.8, 0.8, 0.4, 0.35, 0.1]
/// </code></example>
/// </summary>
/// <param name="Fpr">False-positive rates, increasing, starting at 0 (NaN everywhere when there is no negative sample).</param>
/// <param name="Tpr">True-positive rates, increasing, starting at 0 (NaN everywhere when there is no positive sample).</param>
/// <param name="Thresholds">Decreasing thresholds: point i counts the samples scored at least <c>Thresholds[i]</c> as positive.</param>
public sealed record RocCurve(ImmutableArray<double> Fpr, ImmutableArray<double> Tpr, ImmutableArray<double> Thresholds)
{
    /// <summary>
    /// The ROC curve of binary <paramref name="labels"/> (<paramref name="positive"/> against the other value)
    /// ranked by <paramref name="scores"/>.
    /// </summary>
    /// <param name="labels">True labels, two distinct values at most.</param>
    /// <param name="scores">Scores, larger meaning more likely positive (probabilities or logits).</param>
    /// <param name="dropIntermediate">
    /// Drop the points that lie on a straight horizontal or vertical segment between their neighbours, as
    /// scikit-learn's <c>drop_intermediate=True</c> (its default) does; the area under the curve is unchanged.
    /// </param>
    /// <param name="positive">The label of the positive class.</param>
    /// <returns>The curve, with the extra first point (0, 0).</returns>
    public static RocCurve Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, bool dropIntermediate = false, int positive = 1)
    {
        var c = ThresholdCounts.Of(nameof(RocCurve), labels, scores, positive);
        double[] fps = c.Fps, tps = c.Tps, thr = c.Thresholds;
        if (dropIntermediate && fps.Length > 2)
        {
            var keep = new List<int> { 0 };
            for (var i = 1; i < fps.Length - 1; i++)
                if (fps[i + 1] - 2 * fps[i] + fps[i - 1] != 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] != 0)
                    keep.Add(i);
            keep.Add(fps.Length - 1);
            fps = [.. keep.Select(i => fps[i])];
            tps = [.. keep.Select(i => tps[i])];
            thr = [.. keep.Select(i => thr[i])];
        }
        var m = fps.Length + 1;
        var fpr = new double[m];
        var tpr = new double[m];
        var thresholds = new double[m];
        thresholds[0] = thr[0] + 1;
        double negatives = fps[^1], positives = tps[^1];
        for (var i = 1; i < m; i++)
        {
            fpr[i] = negatives > 0 ? fps[i - 1] / negatives : double.NaN;
            tpr[i] = positives > 0 ? tps[i - 1] / positives : double.NaN;
            thresholds[i] = thr[i - 1];
        }
        if (negatives <= 0) fpr[0] = double.NaN;
        if (positives <= 0) tpr[0] = double.NaN;
        return new RocCurve([.. fpr], [.. tpr], [.. thresholds]);
    }

    /// <summary>The ROC curve from tensors: whole-valued <paramref name="labels"/> and <paramref name="scores"/>, both (N).</summary>
    public static RocCurve Compute<T>(Tensor<T> labels, Tensor<T> scores, bool dropIntermediate = false, int positive = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Compute(MetricInputs.Labels(labels, nameof(RocCurve)), scores.ToDoubleArray(), dropIntermediate, positive);

    /// <summary>The area under this curve by the trapezoidal rule (scikit-learn's <c>auc(fpr, tpr)</c>).</summary>
    public double Area()
    {
        var a = 0.0;
        for (var i = 1; i < Fpr.Length; i++) a += (Fpr[i] - Fpr[i - 1]) * (Tpr[i] + Tpr[i - 1]) / 2;
        return a;
    }

    /// <summary>Structural equality: the same points and thresholds.</summary>
    public bool Equals(RocCurve? other)
        => other is not null && Structural.Equal(Fpr, other.Fpr) && Structural.Equal(Tpr, other.Tpr) && Structural.Equal(Thresholds, other.Thresholds);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Structural.Hash(Fpr), Structural.Hash(Tpr), Structural.Hash(Thresholds));
}
