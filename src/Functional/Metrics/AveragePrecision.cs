using System.Numerics;

namespace Functional;

/// <summary>
/// Average precision, as scikit-learn 1.2's <c>average_precision_score</c> (binary): the step-function area
/// <c>AP = Σₙ (Rₙ − Rₙ₋₁) Pₙ</c> over the <see cref="PrecisionRecallCurve"/>, with no interpolation.
/// <example><code>
/// double ap = AveragePrecision.Compute(new[] { 0, 0, 1, 1 }, new[] { 0.1, 0.4, 0.35, 0.8 });   // 0.8333...
/// </code></example>
/// </summary>
public static class AveragePrecision
{
    /// <summary>The average precision of binary <paramref name="labels"/> ranked by <paramref name="scores"/>.</summary>
    /// <remarks>With no positive sample the recall is 1 everywhere and the result is 0 (scikit-learn warns and returns the same).</remarks>
    public static double Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, int positive = 1)
        => Of(PrecisionRecallCurve.Compute(labels, scores, positive));

    /// <summary>The average precision from tensors: whole-valued <paramref name="labels"/> and <paramref name="scores"/>, both (N).</summary>
    public static double Compute<T>(Tensor<T> labels, Tensor<T> scores, int positive = 1) where T : unmanaged, IFloatingPointIeee754<T>
        => Compute(MetricInputs.Labels(labels, nameof(AveragePrecision)), scores.ToDoubleArray(), positive);

    /// <summary>The average precision of a precision-recall curve.</summary>
    public static double Of(PrecisionRecallCurve curve)
    {
        var ap = 0.0;
        for (var i = 0; i + 1 < curve.Recall.Length; i++)
            ap -= (curve.Recall[i + 1] - curve.Recall[i]) * curve.Precision[i];
        return ap;
    }
}
