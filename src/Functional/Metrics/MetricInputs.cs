using System.Numerics;

namespace Functional;

/// <summary>Validation and conversion of metric inputs: labels as whole numbers, scores as doubles.</summary>
internal static class MetricInputs
{
    /// <summary>Whole-valued tensor elements as class labels; anything else is an error naming the metric.</summary>
    public static int[] Labels<T>(Tensor<T> labels, string metric) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = new int[labels.Size];
        for (var i = 0; i < r.Length; i++)
        {
            var v = double.CreateTruncating(labels.data[i]);
            if (v != Math.Floor(v) || v < int.MinValue || v > int.MaxValue)
                throw new ArgumentException($"{metric}: label {v} at index {i} is not a whole number");
            r[i] = (int)v;
        }
        return r;
    }

    /// <summary>Checks that two sequences have one element per sample.</summary>
    public static void SameLength(string metric, int labels, int other, string what = "scores")
    {
        if (labels != other)
            throw new ArgumentException($"{metric}: {labels} labels but {other} {what}");
    }

    /// <summary>Checks scores are finite, as scikit-learn does.</summary>
    public static void Finite(string metric, ReadOnlySpan<double> scores)
    {
        for (var i = 0; i < scores.Length; i++)
            if (!double.IsFinite(scores[i]))
                throw new ArgumentException($"{metric}: score {scores[i]} at index {i} is not finite");
    }

    /// <summary>The (N, C) scores of a rank-2 tensor, with N and C.</summary>
    public static (double[] Scores, int Rows, int Classes) Matrix<T>(Tensor<T> scores, string metric)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (scores.Rank != 2)
            throw new ArgumentException($"{metric}: scores must be (N, C), got shape {scores.Shape}");
        return (scores.ToDoubleArray(), scores.Shape[0], scores.Shape[1]);
    }

    /// <summary>The (N, C) scores of a rectangular array, flattened row-major.</summary>
    public static (double[] Scores, int Rows, int Classes) Matrix(double[,] scores)
    {
        int n = scores.GetLength(0), c = scores.GetLength(1);
        var d = new double[n * c];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < c; j++) d[i * c + j] = scores[i, j];
        return (d, n, c);
    }

    /// <summary>
    /// Binary targets: <c>true</c> where the label equals <paramref name="positive"/>. At most two distinct
    /// label values are allowed, as scikit-learn's binary metrics require.
    /// </summary>
    public static bool[] Binary(string metric, ReadOnlySpan<int> labels, int positive)
    {
        var r = new bool[labels.Length];
        int? other = null;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] == positive) { r[i] = true; continue; }
            if (other is { } o && o != labels[i])
                throw new ArgumentException($"{metric}: labels must be binary, found {o} and {labels[i]} besides the positive label {positive}");
            other = labels[i];
        }
        return r;
    }
}
