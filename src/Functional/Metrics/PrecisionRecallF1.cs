using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>Precision, recall, F-score and support of each label.</summary>
/// <param name="Labels">The labels scored, increasing unless given explicitly.</param>
/// <param name="Precision">tp / (tp + fp) per label.</param>
/// <param name="Recall">tp / (tp + fn) per label.</param>
/// <param name="F1">The F-score per label (F1 unless another beta was asked for).</param>
/// <param name="Support">The number of true samples of each label.</param>
public sealed record PerClassScores(ImmutableArray<int> Labels, ImmutableArray<double> Precision, ImmutableArray<double> Recall,
    ImmutableArray<double> F1, ImmutableArray<long> Support)
{
    /// <summary>Structural equality: the same labels and scores.</summary>
    public bool Equals(PerClassScores? other)
        => other is not null && Structural.Equal(Labels, other.Labels) && Structural.Equal(Precision, other.Precision)
           && Structural.Equal(Recall, other.Recall) && Structural.Equal(F1, other.F1) && Structural.Equal(Support, other.Support);

    /// <inheritdoc />
    public override int GetHashCode()
        => HashCode.Combine(Structural.Hash(Labels), Structural.Hash(Precision), Structural.Hash(Recall), Structural.Hash(F1), Structural.Hash(Support));
}

/// <summary>Precision, recall and F-score combined over labels.</summary>
/// <param name="Precision">The averaged precision.</param>
/// <param name="Recall">The averaged recall.</param>
/// <param name="F1">The averaged F-score (the average of per-label F-scores for Macro and Weighted, not the F of the averages).</param>
public readonly record struct AverageScores(double Precision, double Recall, double F1);

/// <summary>
/// Precision, recall and F-score as scikit-learn 1.2's <c>precision_recall_fscore_support</c>. Unless labels are
/// given, the labels scored are those present in the truth or the predictions, increasing, as scikit-learn does
/// (a class that never occurs does not lower a macro average). A ratio with a zero denominator is worth
/// <see cref="ZeroDivision"/>'s value; the F-score is <c>(1+β²)PR / (β²P + R)</c>, 0 when that denominator is 0.
/// <example><code>
/// var s = PrecisionRecallF1.Average(truth, predicted, MetricAverage.Macro);
/// var perClass = PrecisionRecallF1.PerClass(truth, predicted);
/// </code></example>
/// </summary>
public static class PrecisionRecallF1
{
    /// <summary>Scores of each label of integer predictions against the truth.</summary>
    public static PerClassScores PerClass(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int[]? labels = null,
        ZeroDivision zeroDivision = ZeroDivision.Zero, double beta = 1)
        => Counts.Of(truth, predicted, labels).PerClass(zeroDivision, beta);

    /// <summary>Scores of each label of a confusion matrix (default labels: the classes with a non-empty row or column).</summary>
    public static PerClassScores PerClass(ConfusionMatrix matrix, int[]? labels = null, ZeroDivision zeroDivision = ZeroDivision.Zero, double beta = 1)
        => Counts.Of(matrix, labels).PerClass(zeroDivision, beta);

    /// <summary>Scores of integer predictions against the truth, averaged over labels.</summary>
    /// <param name="truth">True labels.</param>
    /// <param name="predicted">Predicted labels.</param>
    /// <param name="average">Binary (label <paramref name="positive"/> only; at most two labels allowed), Macro, Micro or Weighted.</param>
    /// <param name="zeroDivision">The value of a ratio with a zero denominator.</param>
    /// <param name="labels">The labels to score; null for those present.</param>
    /// <param name="beta">The F-score's β (1 for F1).</param>
    /// <param name="positive">The positive label for <see cref="MetricAverage.Binary"/>.</param>
    public static AverageScores Average(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, MetricAverage average,
        ZeroDivision zeroDivision = ZeroDivision.Zero, int[]? labels = null, double beta = 1, int positive = 1)
    {
        if (average == MetricAverage.Binary)
        {
            var present = Counts.Present(truth, predicted);
            if (present.Length > 2)
                throw new ArgumentException($"PrecisionRecallF1: the targets have {present.Length} labels, but average Binary needs at most 2; choose Macro, Micro or Weighted");
            labels = [positive];
        }
        return Counts.Of(truth, predicted, labels).Average(average, zeroDivision, beta);
    }

    /// <summary>Scores of a confusion matrix averaged over labels (Binary means class 1).</summary>
    public static AverageScores Average(ConfusionMatrix matrix, MetricAverage average, ZeroDivision zeroDivision = ZeroDivision.Zero,
        int[]? labels = null, double beta = 1)
        => Counts.Of(matrix, average == MetricAverage.Binary ? [1] : labels).Average(average, zeroDivision, beta);

    /// <summary>Scores averaged over labels from whole-valued tensors of labels, both (N).</summary>
    public static AverageScores Average<T>(Tensor<T> truth, Tensor<T> predicted, MetricAverage average,
        ZeroDivision zeroDivision = ZeroDivision.Zero) where T : unmanaged, IFloatingPointIeee754<T>
        => Average(MetricInputs.Labels(truth, nameof(PrecisionRecallF1)), MetricInputs.Labels(predicted, nameof(PrecisionRecallF1)),
            average, zeroDivision);

    /// <summary>Binary scores of the positive label 1: scikit-learn's <c>average="binary"</c>.</summary>
    public static AverageScores Binary(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, ZeroDivision zeroDivision = ZeroDivision.Zero)
        => Average(truth, predicted, MetricAverage.Binary, zeroDivision);

    /// <summary>Per-label true positives, predicted counts and true counts.</summary>
    private sealed record Counts(int[] Labels, long[] Tp, long[] Pred, long[] True)
    {
        public static int[] Present(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
        {
            var set = new SortedSet<int>();
            foreach (var t in truth) set.Add(t);
            foreach (var p in predicted) set.Add(p);
            return [.. set];
        }

        public static Counts Of(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int[]? labels)
        {
            MetricInputs.SameLength(nameof(PrecisionRecallF1), truth.Length, predicted.Length, "predictions");
            labels ??= Present(truth, predicted);
            var index = new Dictionary<int, int>();
            for (var i = 0; i < labels.Length; i++)
                if (!index.TryAdd(labels[i], i)) throw new ArgumentException($"PrecisionRecallF1: label {labels[i]} is listed twice");
            var c = new Counts(labels, new long[labels.Length], new long[labels.Length], new long[labels.Length]);
            for (var i = 0; i < truth.Length; i++)
            {
                if (index.TryGetValue(truth[i], out var t)) c.True[t]++;
                if (index.TryGetValue(predicted[i], out var p)) c.Pred[p]++;
                if (truth[i] == predicted[i] && index.TryGetValue(truth[i], out var k)) c.Tp[k]++;
            }
            return c;
        }

        public static Counts Of(ConfusionMatrix m, int[]? labels)
        {
            labels ??= [.. Enumerable.Range(0, m.Classes).Where(k => m.Support(k) > 0 || m.PredictedCount(k) > 0)];
            return new Counts(labels, [.. labels.Select(m.TruePositives)], [.. labels.Select(m.PredictedCount)], [.. labels.Select(m.Support)]);
        }

        public PerClassScores PerClass(ZeroDivision zd, double beta)
        {
            var n = Labels.Length;
            double[] p = new double[n], r = new double[n], f = new double[n];
            for (var i = 0; i < n; i++) (p[i], r[i], f[i]) = Score(Tp[i], Pred[i], True[i], zd, beta);
            return new PerClassScores([.. Labels], [.. p], [.. r], [.. f], [.. True]);
        }

        public AverageScores Average(MetricAverage average, ZeroDivision zd, double beta)
        {
            if (average == MetricAverage.Micro)
            {
                var (p, r, f) = Score(Tp.Sum(), Pred.Sum(), True.Sum(), zd, beta);
                return new AverageScores(p, r, f);
            }
            var s = PerClass(zd, beta);
            if (average != MetricAverage.Weighted)
                return new AverageScores(Mean(s.Precision.AsSpan(), null), Mean(s.Recall.AsSpan(), null), Mean(s.F1.AsSpan(), null));
            if (True.Sum() == 0)   // scikit-learn 1.2's special case: no true sample of any scored label
                return Pred.Sum() == 0 ? new AverageScores(zd.Value(), zd.Value(), zd.Value()) : new AverageScores(0, zd.Value(), 0);
            return new AverageScores(Mean(s.Precision.AsSpan(), True), Mean(s.Recall.AsSpan(), True), Mean(s.F1.AsSpan(), True));
        }

        private static double Mean(ReadOnlySpan<double> v, long[]? w)
        {
            double num = 0, den = 0;
            for (var i = 0; i < v.Length; i++)
            {
                var wi = w is null ? 1.0 : w[i];
                num += v[i] * wi;
                den += wi;
            }
            return num / den;
        }

        private static (double P, double R, double F) Score(long tp, long pred, long tru, ZeroDivision zd, double beta)
        {
            var p = pred == 0 ? zd.Value() : (double)tp / pred;
            var r = tru == 0 ? zd.Value() : (double)tp / tru;
            if (double.IsPositiveInfinity(beta)) return (p, r, r);
            var b2 = beta * beta;
            var den = b2 * p + r;
            return (p, r, (1 + b2) * p * r / (den == 0 ? 1 : den));
        }
    }
}
