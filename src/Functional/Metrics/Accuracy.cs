using System.Numerics;

namespace Functional;

/// <summary>
/// The fraction of samples classified correctly (scikit-learn's <c>accuracy_score</c>), from labels, from binary
/// scores by a threshold, or from (N, C) class scores by argmax.
/// <example><code>
/// double acc = Accuracy.Multiclass(targets, logProbabilities);   // logProbabilities: (N, C)
/// </code></example>
/// </summary>
public static class Accuracy
{
    /// <summary>The fraction of <paramref name="predicted"/> equal to <paramref name="truth"/> (NaN when empty).</summary>
    public static double OfPredictions(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        MetricInputs.SameLength(nameof(Accuracy), truth.Length, predicted.Length, "predictions");
        var right = 0;
        for (var i = 0; i < truth.Length; i++) if (truth[i] == predicted[i]) right++;
        return truth.Length == 0 ? double.NaN : (double)right / truth.Length;
    }

    /// <summary>
    /// Binary accuracy: a sample is predicted positive (1) when its score is strictly greater than
    /// <paramref name="threshold"/> (as <c>score &gt; 0.5</c> in torchmetrics), else 0; labels are 0 or 1.
    /// </summary>
    public static double Binary(ReadOnlySpan<int> truth, ReadOnlySpan<double> scores, double threshold = 0.5)
        => OfPredictions(truth, PredictBinary(scores, threshold));

    /// <summary>Binary accuracy from whole-valued (N) labels and (N) scores.</summary>
    public static double Binary<T>(Tensor<T> truth, Tensor<T> scores, double threshold = 0.5) where T : unmanaged, IFloatingPointIeee754<T>
        => Binary(MetricInputs.Labels(truth, nameof(Accuracy)), scores.ToDoubleArray(), threshold);

    /// <summary>
    /// Multi-class accuracy: the predicted class is the argmax of each row of the row-major (N, C)
    /// <paramref name="scores"/> (probabilities, logits or log-probabilities alike); the first maximum wins ties.
    /// </summary>
    public static double Multiclass(ReadOnlySpan<int> truth, ReadOnlySpan<double> scores, int classes)
        => OfPredictions(truth, Argmax(scores, classes));

    /// <summary>Multi-class accuracy from whole-valued (N) labels and (N, C) scores.</summary>
    public static double Multiclass<T>(Tensor<T> truth, Tensor<T> scores) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (s, _, c) = MetricInputs.Matrix(scores, nameof(Accuracy));
        return Multiclass(MetricInputs.Labels(truth, nameof(Accuracy)), s, c);
    }

    /// <summary>Multi-class accuracy from (N) labels and an (N, C) array of scores.</summary>
    public static double Multiclass(int[] truth, double[,] scores)
    {
        var (s, _, c) = MetricInputs.Matrix(scores);
        return Multiclass(truth, s, c);
    }

    /// <summary>1 where the score is strictly greater than <paramref name="threshold"/>, else 0.</summary>
    public static int[] PredictBinary(ReadOnlySpan<double> scores, double threshold = 0.5)
    {
        var r = new int[scores.Length];
        for (var i = 0; i < r.Length; i++) r[i] = scores[i] > threshold ? 1 : 0;
        return r;
    }

    /// <summary>The index of the largest score of each row of the row-major (N, C) <paramref name="scores"/> (first on ties, NaN wins as in PyTorch).</summary>
    public static int[] Argmax(ReadOnlySpan<double> scores, int classes)
    {
        if (classes < 1 || scores.Length % classes != 0)
            throw new ArgumentException($"Accuracy: {scores.Length} scores do not make rows of {classes} classes");
        var r = new int[scores.Length / classes];
        for (var i = 0; i < r.Length; i++)
        {
            var row = scores.Slice(i * classes, classes);
            var best = 0;
            for (var c = 1; c < classes && !double.IsNaN(row[best]); c++)
                if (row[c] > row[best] || double.IsNaN(row[c])) best = c;
            r[i] = best;
        }
        return r;
    }
}
