using System.Numerics;

namespace Functional;

/// <summary>
/// Area under the ROC curve, as scikit-learn 1.2's <c>roc_auc_score</c>: binary, or multi-class one-vs-rest
/// from an (N, C) probability matrix.
/// <example><code>
/// double auc = RocAuc.Binary(new[] { 0, 0, 1, 1 }, new[] { 0.1, 0.4, 0.35, 0.8 });   // 0.75
/// </code></example>
/// </summary>
public static class RocAuc
{
    /// <summary>
    /// The binary AUC: the trapezoidal area under <see cref="RocCurve"/>, which equals the fraction of
    /// (positive, negative) pairs the scores rank correctly, ties counting one half.
    /// </summary>
    /// <exception cref="ArgumentException">When only one class is present (the AUC is undefined).</exception>
    public static double Binary(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, int positive = 1)
    {
        var roc = RocCurve.Compute(labels, scores, dropIntermediate: true, positive);
        if (double.IsNaN(roc.Fpr[^1]) || double.IsNaN(roc.Tpr[^1]))
            throw new ArgumentException("RocAuc: only one class is present in the labels; the ROC AUC is not defined in that case");
        return roc.Area();
    }

    /// <summary>The binary AUC from tensors: whole-valued <paramref name="labels"/> and <paramref name="scores"/>, both (N).</summary>
    public static double Binary<T>(Tensor<T> labels, Tensor<T> scores, int positive = 1) where T : unmanaged, IFloatingPointIeee754<T>
        => Binary(MetricInputs.Labels(labels, nameof(RocAuc)), scores.ToDoubleArray(), positive);

    /// <summary>
    /// One-vs-rest multi-class AUC: class c's scores (column c) against "label is c", averaged over classes.
    /// As in scikit-learn, every class 0..C-1 must appear in <paramref name="labels"/> and each row of
    /// <paramref name="probabilities"/> must sum to 1.
    /// </summary>
    /// <param name="labels">True classes in [0, C), (N).</param>
    /// <param name="probabilities">Row-major (N, C) class probabilities.</param>
    /// <param name="classes">C, the number of columns.</param>
    /// <param name="average">Macro (default), Weighted (by support) or Micro (all columns pooled into one binary problem).</param>
    public static double OneVsRest(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, int classes, MetricAverage average = MetricAverage.Macro)
    {
        var perClass = OneVsRestPerClass(labels, probabilities, classes);
        switch (average)
        {
            case MetricAverage.Macro:
                return perClass.Average();
            case MetricAverage.Weighted:
                var support = new double[classes];
                foreach (var l in labels) support[l]++;
                double num = 0, den = 0;
                for (var c = 0; c < classes; c++) { num += perClass[c] * support[c]; den += support[c]; }
                return num / den;
            case MetricAverage.Micro:
                var y = new int[probabilities.Length];
                for (var i = 0; i < labels.Length; i++) y[i * classes + labels[i]] = 1;
                return Binary(y, probabilities);
            default:
                throw new ArgumentException($"RocAuc: average {average} is not defined for one-vs-rest; use Macro, Weighted or Micro");
        }
    }

    /// <summary>One-vs-rest AUC from an (N, C) tensor of probabilities and whole-valued (N) labels.</summary>
    public static double OneVsRest<T>(Tensor<T> labels, Tensor<T> probabilities, MetricAverage average = MetricAverage.Macro)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (p, _, c) = MetricInputs.Matrix(probabilities, nameof(RocAuc));
        return OneVsRest(MetricInputs.Labels(labels, nameof(RocAuc)), p, c, average);
    }

    /// <summary>One-vs-rest AUC from an (N, C) array of probabilities.</summary>
    public static double OneVsRest(int[] labels, double[,] probabilities, MetricAverage average = MetricAverage.Macro)
    {
        var (p, _, c) = MetricInputs.Matrix(probabilities);
        return OneVsRest(labels, p, c, average);
    }

    /// <summary>The one-vs-rest AUC of each class, (C).</summary>
    public static double[] OneVsRestPerClass(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, int classes)
    {
        if (classes < 2 || probabilities.Length != labels.Length * classes)
            throw new ArgumentException($"RocAuc: {labels.Length} labels need ({labels.Length}, {classes}) probabilities with at least 2 classes, got {probabilities.Length} values");
        var n = labels.Length;
        var present = new bool[classes];
        foreach (var l in labels)
        {
            if (l < 0 || l >= classes) throw new ArgumentException($"RocAuc: label {l} is outside [0, {classes})");
            present[l] = true;
        }
        if (present.Contains(false))
            throw new ArgumentException($"RocAuc: number of classes in the labels ({present.Count(x => x)}) is not equal to the number of columns in the scores ({classes})");
        for (var i = 0; i < n; i++)
        {
            var sum = 0.0;
            for (var c = 0; c < classes; c++) sum += probabilities[i * classes + c];
            if (!(Math.Abs(1 - sum) <= 1e-8 + 1e-5 * Math.Abs(sum)))   // numpy.allclose(1, sum)
                throw new ArgumentException($"RocAuc: scores need to be probabilities for multi-class ROC AUC; row {i} sums to {sum}, not 1");
        }
        var r = new double[classes];
        var y = new int[n];
        var s = new double[n];
        for (var c = 0; c < classes; c++)
        {
            for (var i = 0; i < n; i++) { y[i] = labels[i] == c ? 1 : 0; s[i] = probabilities[i * classes + c]; }
            r[c] = Binary(y, s);
        }
        return r;
    }
}
