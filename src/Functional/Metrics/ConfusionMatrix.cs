using System.Numerics;

namespace Functional;

/// <summary>
/// Counts of (true class, predicted class) pairs over classes 0..C-1: row = true class, column = predicted
/// class, as scikit-learn's <c>confusion_matrix</c>. An immutable, mergeable accumulator: fold batches in with
/// <see cref="Add(ReadOnlySpan{int}, ReadOnlySpan{int})"/> and combine partial results with <see cref="Merge"/>.
/// <example><code>
/// var cm = ConfusionMatrix.Empty(3);
/// foreach (var (yTrue, yPred) in batches) cm = cm.Add(yTrue, yPred);
/// long rightAsTwo = cm[2, 2];
/// </code></example>
/// </summary>
public sealed record ConfusionMatrix
{
    private readonly long[] counts;

    /// <summary>The number of classes C.</summary>
    public int Classes { get; }

    private ConfusionMatrix(int classes, long[] counts) => (Classes, this.counts) = (classes, counts);

    /// <summary>A matrix of zeros over <paramref name="classes"/> classes.</summary>
    public static ConfusionMatrix Empty(int classes)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), $"ConfusionMatrix: needs at least one class, got {classes}");
        return new(classes, new long[(long)classes * classes]);
    }

    /// <summary>The confusion matrix of predictions <paramref name="predicted"/> against <paramref name="truth"/>, labels in [0, C).</summary>
    public static ConfusionMatrix Of(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classes)
        => Empty(classes).Add(truth, predicted);

    /// <summary>The confusion matrix from whole-valued tensors of labels, both (N).</summary>
    public static ConfusionMatrix Of<T>(Tensor<T> truth, Tensor<T> predicted, int classes) where T : unmanaged, IFloatingPointIeee754<T>
        => Of(MetricInputs.Labels(truth, nameof(ConfusionMatrix)), MetricInputs.Labels(predicted, nameof(ConfusionMatrix)), classes);

    /// <summary>The confusion matrix of a rectangular array of counts (row = true class), for tests and interop.</summary>
    public static ConfusionMatrix FromCounts(long[,] counts)
    {
        var c = counts.GetLength(0);
        if (counts.GetLength(1) != c) throw new ArgumentException($"ConfusionMatrix: counts must be square, got {c}x{counts.GetLength(1)}");
        var d = new long[c * c];
        for (var i = 0; i < c; i++)
            for (var j = 0; j < c; j++)
                d[i * c + j] = counts[i, j] >= 0 ? counts[i, j] : throw new ArgumentException($"ConfusionMatrix: negative count at [{i}, {j}]");
        return new(c, d);
    }

    /// <summary>This matrix plus the pairs of one batch.</summary>
    public ConfusionMatrix Add(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        MetricInputs.SameLength(nameof(ConfusionMatrix), truth.Length, predicted.Length, "predictions");
        var d = (long[])counts.Clone();
        for (var i = 0; i < truth.Length; i++)
        {
            int t = truth[i], p = predicted[i];
            if ((uint)t >= (uint)Classes || (uint)p >= (uint)Classes)
                throw new ArgumentException($"ConfusionMatrix: pair {i} (true {t}, predicted {p}) is outside the classes [0, {Classes})");
            d[t * Classes + p]++;
        }
        return new(Classes, d);
    }

    /// <summary>The sum of two matrices over the same classes: the matrix of the concatenated data.</summary>
    public ConfusionMatrix Merge(ConfusionMatrix other)
    {
        if (other.Classes != Classes)
            throw new ArgumentException($"ConfusionMatrix: cannot merge {Classes} classes with {other.Classes}");
        var d = new long[counts.Length];
        for (var i = 0; i < d.Length; i++) d[i] = counts[i] + other.counts[i];
        return new(Classes, d);
    }

    /// <summary>The number of samples of true class <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int truth, int predicted] => counts[Index(truth) * Classes + Index(predicted)];

    /// <summary>The number of samples counted.</summary>
    public long Total => counts.Sum();

    /// <summary>The number of correct predictions (the trace).</summary>
    public long Correct
    {
        get
        {
            long s = 0;
            for (var c = 0; c < Classes; c++) s += counts[c * Classes + c];
            return s;
        }
    }

    /// <summary>True positives of class c: the diagonal entry.</summary>
    public long TruePositives(int c) => this[c, c];

    /// <summary>The support of class c: samples whose true class is c (row sum).</summary>
    public long Support(int c)
    {
        long s = 0;
        for (var j = 0; j < Classes; j++) s += counts[Index(c) * Classes + j];
        return s;
    }

    /// <summary>Samples predicted as class c (column sum).</summary>
    public long PredictedCount(int c)
    {
        long s = 0;
        for (var i = 0; i < Classes; i++) s += counts[i * Classes + Index(c)];
        return s;
    }

    /// <summary>Accuracy: correct predictions over all samples (NaN when empty).</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Correct / Total;

    /// <summary>A copy of the counts as a (C, C) array.</summary>
    public long[,] ToArray()
    {
        var r = new long[Classes, Classes];
        for (var i = 0; i < Classes; i++)
            for (var j = 0; j < Classes; j++) r[i, j] = counts[i * Classes + j];
        return r;
    }

    /// <summary>The counts as a (C, C) tensor.</summary>
    public Tensor<T> ToTensor<T>() where T : unmanaged, IFloatingPointIeee754<T>
        => Tensor.FromDoubles<T>([.. counts.Select(c => (double)c)], Classes, Classes);

    /// <summary>Equal when the classes and every count are equal.</summary>
    public bool Equals(ConfusionMatrix? other) => other is not null && Classes == other.Classes && counts.AsSpan().SequenceEqual(other.counts);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Classes);
        foreach (var c in counts) h.Add(c);
        return h.ToHashCode();
    }

    /// <summary>The rows of counts, one per line.</summary>
    public override string ToString()
        => string.Join("\n", Enumerable.Range(0, Classes).Select(i => "[" + string.Join(", ", counts.AsSpan(i * Classes, Classes).ToArray()) + "]"));

    private int Index(int c) => (uint)c < (uint)Classes ? c : throw new ArgumentOutOfRangeException(nameof(c), $"ConfusionMatrix: class {c} is outside [0, {Classes})");
}
