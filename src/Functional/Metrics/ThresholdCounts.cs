namespace Functional;

/// <summary>
/// True- and false-positive counts at each distinct score, scores taken in decreasing order with tied
/// scores grouped: scikit-learn's <c>_binary_clf_curve</c> (unweighted). Entry i counts the samples whose
/// score is at least <c>Thresholds[i]</c>; the last entry counts every sample.
/// </summary>
internal sealed record ThresholdCounts(double[] Fps, double[] Tps, double[] Thresholds)
{
    public static ThresholdCounts Of(string metric, ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, int positive)
    {
        MetricInputs.SameLength(metric, labels.Length, scores.Length);
        MetricInputs.Finite(metric, scores);
        var y = MetricInputs.Binary(metric, labels, positive);
        var n = y.Length;
        if (n == 0) throw new ArgumentException($"{metric}: no samples");
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var s = scores.ToArray();
        // Decreasing score; ties keep no particular order, since tied samples are counted together.
        Array.Sort(order, (a, b) => s[b].CompareTo(s[a]));
        var fps = new List<double>();
        var tps = new List<double>();
        var thr = new List<double>();
        double tp = 0;
        for (var k = 0; k < n; k++)
        {
            var i = order[k];
            if (y[i]) tp++;
            if (k == n - 1 || s[order[k + 1]] != s[i])
            {
                tps.Add(tp);
                fps.Add(k + 1 - tp);
                thr.Add(s[i]);
            }
        }
        return new ThresholdCounts(fps.ToArray(), tps.ToArray(), thr.ToArray());
    }
}
