using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional;

namespace Functional.Tests.Metrics;

public class MetricPropertiesTests
{
    // Each int makes one sample: the low bit is the label, the rest a score from few values, so ties are common.
    private static (int[] Labels, double[] Scores) Samples(int[] raw)
        => ([.. raw.Select(r => r & 1)], [.. raw.Select(r => (double)((r >> 1) & 7))]);

    private static bool BothClasses(int[] labels) => labels.Contains(0) && labels.Contains(1);

    [Property]
    public Property Auroc_is_unchanged_by_a_strictly_increasing_transform(int[] raw)
    {
        var (y, s) = Samples(raw);
        return Prop.When(BothClasses(y), () =>
            Math.Abs(RocAuc.Binary(y, s) - RocAuc.Binary(y, [.. s.Select(v => Math.Exp(v / 3) * 5 - 2)])) < 1e-12);
    }

    [Property]
    public Property Auroc_is_the_fraction_of_pairs_ranked_correctly_ties_counting_half(int[] raw)
    {
        var (y, s) = Samples(raw);
        return Prop.When(BothClasses(y), () =>
        {
            double right = 0, pairs = 0;
            for (var i = 0; i < y.Length; i++)
                for (var j = 0; j < y.Length; j++)
                    if (y[i] == 1 && y[j] == 0)
                    {
                        pairs++;
                        right += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
            return Math.Abs(RocAuc.Binary(y, s) - right / pairs) < 1e-12;
        });
    }

    [Property]
    public bool Confusion_matrix_sums_to_the_number_of_samples(int[] raw)
    {
        int[] t = [.. raw.Select(r => (r & 0xff) % 4)], p = [.. raw.Select(r => ((r >> 8) & 0xff) % 4)];
        var cm = ConfusionMatrix.Of(t, p, 4);
        return cm.Total == raw.Length && Enumerable.Range(0, 4).Sum(c => cm.Support(c)) == raw.Length;
    }

    [Property]
    public bool Macro_f1_is_the_mean_of_per_class_f1(int[] raw)
    {
        if (raw.Length == 0) return true;
        int[] t = [.. raw.Select(r => (r & 0xff) % 5)], p = [.. raw.Select(r => ((r >> 8) & 0xff) % 5)];
        var perClass = PrecisionRecallF1.PerClass(t, p).F1;
        return Math.Abs(PrecisionRecallF1.Average(t, p, MetricAverage.Macro).F1 - perClass.Average()) < 1e-12;
    }

    [Property]
    public bool Micro_f1_equals_accuracy_when_all_present_labels_are_scored(int[] raw)
    {
        if (raw.Length == 0) return true;
        int[] t = [.. raw.Select(r => (r & 0xff) % 3)], p = [.. raw.Select(r => ((r >> 8) & 0xff) % 3)];
        return Math.Abs(PrecisionRecallF1.Average(t, p, MetricAverage.Micro).F1 - Accuracy.OfPredictions(t, p)) < 1e-12;
    }

    [Property]
    public bool Merging_accumulators_over_a_split_equals_the_whole(int[] raw, byte cut)
    {
        var k = raw.Length == 0 ? 0 : cut % (raw.Length + 1);
        int[] t = [.. raw.Select(r => (r & 0xff) % 3)], p = [.. raw.Select(r => ((r >> 8) & 0xff) % 3)];
        var cmOk = ConfusionMatrix.Of(t[..k], p[..k], 3).Merge(ConfusionMatrix.Of(t[k..], p[k..], 3)) == ConfusionMatrix.Of(t, p, 3);
        var (y, s) = Samples(raw);
        var acc = ScoreAccumulator.Empty.Add(y[..k], s[..k]).Merge(ScoreAccumulator.Empty.Add(y[k..], s[k..]));
        var scoresOk = acc.Labels.SequenceEqual(y) && acc.Scores.SequenceEqual(s);
        var aucOk = !BothClasses(y) || acc.RocAuc() == RocAuc.Binary(y, s);
        return cmOk && scoresOk && aucOk;
    }

    [Property]
    public Property Average_precision_lies_between_the_positive_rate_and_one_for_distinct_scores(int[] raw)
    {
        var y = raw.Select(r => r & 1).ToArray();
        double[] s = [.. raw.Select((r, i) => i + 0.5 * ((r >> 1) & 1))];   // distinct scores
        return Prop.When(BothClasses(y), () =>
        {
            var ap = AveragePrecision.Compute(y, s);
            return ap <= 1 + 1e-12 && ap > 0;
        });
    }
}
