using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// A mergeable accumulator for ranking metrics (ROC AUC, ROC and precision-recall curves, average precision):
/// it keeps every label and score, and merges by concatenation, so that a fold over batches gives exactly the
/// metric of the whole data. Immutable: <see cref="Add(ReadOnlySpan{int}, ReadOnlySpan{double})"/> and
/// <see cref="Merge"/> return new accumulators.
/// <example><code>
/// var acc = ScoreAccumulator.Empty;
/// foreach (var (labels, scores) in batches) acc = acc.Add(labels, scores);
/// double auc = acc.RocAuc();
/// </code></example>
/// </summary>
/// <param name="Labels">The labels seen so far, in order.</param>
/// <param name="Scores">The scores seen so far, in order (one per label for binary use; C per label for one-vs-rest).</param>
public sealed record ScoreAccumulator(ImmutableList<int> Labels, ImmutableList<double> Scores)
{
    /// <summary>The accumulator of no samples.</summary>
    public static ScoreAccumulator Empty { get; } = new(ImmutableList<int>.Empty, ImmutableList<double>.Empty);

    /// <summary>This accumulator plus one batch: labels (N) and their scores (N, or N·C row-major).</summary>
    public ScoreAccumulator Add(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores)
    {
        if (labels.Length == 0 ? scores.Length != 0 : scores.Length % labels.Length != 0)
            throw new ArgumentException($"ScoreAccumulator: {labels.Length} labels but {scores.Length} scores");
        return new(Labels.AddRange(labels.ToArray()), Scores.AddRange(scores.ToArray()));
    }

    /// <summary>This accumulator plus one batch of whole-valued (N) labels and (N) or (N, C) scores.</summary>
    public ScoreAccumulator Add<T>(Tensor<T> labels, Tensor<T> scores) where T : unmanaged, IFloatingPointIeee754<T>
        => Add(MetricInputs.Labels(labels, nameof(ScoreAccumulator)), scores.ToDoubleArray());

    /// <summary>The samples of this accumulator followed by those of <paramref name="other"/>.</summary>
    public ScoreAccumulator Merge(ScoreAccumulator other) => new(Labels.AddRange(other.Labels), Scores.AddRange(other.Scores));

    /// <summary>The number of samples.</summary>
    public int Count => Labels.Count;

    /// <summary>The binary ROC AUC of the samples (<see cref="RocAuc.Binary(ReadOnlySpan{int}, ReadOnlySpan{double}, int)"/>).</summary>
    public double RocAuc(int positive = 1) => Functional.RocAuc.Binary(Labels.ToArray(), Scores.ToArray(), positive);

    /// <summary>The one-vs-rest multi-class ROC AUC of samples scored with C probabilities each.</summary>
    public double RocAucOneVsRest(MetricAverage average = MetricAverage.Macro)
        => Functional.RocAuc.OneVsRest(Labels.ToArray(), Scores.ToArray(), Count == 0 ? 0 : Scores.Count / Count, average);

    /// <summary>The ROC curve of the samples.</summary>
    public RocCurve RocCurve(bool dropIntermediate = false, int positive = 1)
        => Functional.RocCurve.Compute(Labels.ToArray(), Scores.ToArray(), dropIntermediate, positive);

    /// <summary>The precision-recall curve of the samples.</summary>
    public PrecisionRecallCurve PrecisionRecallCurve(int positive = 1)
        => Functional.PrecisionRecallCurve.Compute(Labels.ToArray(), Scores.ToArray(), positive);

    /// <summary>The average precision of the samples.</summary>
    public double AveragePrecision(int positive = 1)
        => Functional.AveragePrecision.Compute(Labels.ToArray(), Scores.ToArray(), positive);
}
