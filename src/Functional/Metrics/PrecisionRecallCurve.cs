using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// Precision and recall at every distinct score threshold, as scikit-learn 1.2's <c>precision_recall_curve</c>:
/// thresholds increasing, recall decreasing, with a final point (recall 0, precision 1) that has no threshold.
/// <example><code>
/// var pr = PrecisionRecallCurve.Compute(new[] { 0, 0, 1, 1 }, new[] { 0.1, 0.4, 0.35, 0.8 });
/// // pr.Precision = [0.5, 0.6667, 0.5, 1, 1], pr.Recall = [1, 1, 0.5, 0.5, 0], pr.Thresholds = [0.1, 0.35, 0.4, 0.8]
/// </code></example>
/// </summary>
/// <param name="Precision">Precision at each threshold, then 1; a threshold with no predicted positive has precision 0.</param>
/// <param name="Recall">Recall at each threshold, then 0; all ones when there is no positive sample.</param>
/// <param name="Thresholds">The distinct scores, increasing; one fewer than the precision and recall values.</param>
public sealed record PrecisionRecallCurve(ImmutableArray<double> Precision, ImmutableArray<double> Recall, ImmutableArray<double> Thresholds)
{
    /// <summary>The precision-recall curve of binary <paramref name="labels"/> ranked by <paramref name="scores"/>.</summary>
    /// <param name="labels">True labels, two distinct values at most.</param>
    /// <param name="scores">Scores, larger meaning more likely positive.</param>
    /// <param name="positive">The label of the positive class.</param>
    public static PrecisionRecallCurve Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, int positive = 1)
    {
        var c = ThresholdCounts.Of(nameof(PrecisionRecallCurve), labels, scores, positive);
        var m = c.Tps.Length;
        var precision = new double[m + 1];
        var recall = new double[m + 1];
        var thresholds = new double[m];
        var positives = c.Tps[^1];
        for (var i = 0; i < m; i++)
        {
            var k = m - 1 - i;   // reversed: thresholds increase
            var predicted = c.Tps[k] + c.Fps[k];
            precision[i] = predicted != 0 ? c.Tps[k] / predicted : 0;
            recall[i] = positives == 0 ? 1 : c.Tps[k] / positives;
            thresholds[i] = c.Thresholds[k];
        }
        precision[m] = 1;
        recall[m] = 0;
        return new PrecisionRecallCurve([.. precision], [.. recall], [.. thresholds]);
    }

    /// <summary>The precision-recall curve from tensors: whole-valued <paramref name="labels"/> and <paramref name="scores"/>, both (N).</summary>
    public static PrecisionRecallCurve Compute<T>(Tensor<T> labels, Tensor<T> scores, int positive = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Compute(MetricInputs.Labels(labels, nameof(PrecisionRecallCurve)), scores.ToDoubleArray(), positive);

    /// <summary>Structural equality: the same points and thresholds.</summary>
    public bool Equals(PrecisionRecallCurve? other)
        => other is not null && Structural.Equal(Precision, other.Precision) && Structural.Equal(Recall, other.Recall)
           && Structural.Equal(Thresholds, other.Thresholds);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Structural.Hash(Precision), Structural.Hash(Recall), Structural.Hash(Thresholds));
}
