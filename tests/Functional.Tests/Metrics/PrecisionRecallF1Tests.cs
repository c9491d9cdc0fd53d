using Functional;

namespace Functional.Tests.Metrics;

public class PrecisionRecallF1Tests
{
    // scikit-learn 1.2.1 precision_recall_fscore_support(Yt, Yp, average=..., zero_division=...); label 5 is predicted, never true.
    internal static readonly int[] Yt = [0, 1, 2, 2, 0, 3, 3, 1, 0, 2];
    internal static readonly int[] Yp = [0, 2, 2, 2, 1, 3, 0, 1, 0, 5];

    [Fact]
    public void Per_class_matches_sklearn()
    {
        var s = PrecisionRecallF1.PerClass(Yt, Yp);
        Assert.Equal<int>([0, 1, 2, 3, 5], s.Labels);
        RocCurveTests.Close([2.0 / 3, 0.5, 2.0 / 3, 1, 0], s.Precision);
        RocCurveTests.Close([2.0 / 3, 0.5, 2.0 / 3, 0.5, 0], s.Recall);
        RocCurveTests.Close([2.0 / 3, 0.5, 2.0 / 3, 2.0 / 3, 0], s.F1);
        Assert.Equal<long>([3L, 2, 3, 2, 0], s.Support);
        var one = PrecisionRecallF1.PerClass(Yt, Yp, zeroDivision: ZeroDivision.One);
        Assert.Equal(1.0, one.Recall[4]);
        Assert.Equal(0.0, one.F1[4]);
    }

    [Theory]
    [InlineData(MetricAverage.Macro, ZeroDivision.Zero, 0.5666666666666667, 0.4666666666666666, 0.4999999999999999)]
    [InlineData(MetricAverage.Micro, ZeroDivision.Zero, 0.6, 0.6, 0.6)]
    [InlineData(MetricAverage.Weighted, ZeroDivision.Zero, 0.7, 0.6, 0.6333333333333333)]
    [InlineData(MetricAverage.Macro, ZeroDivision.One, 0.5666666666666667, 0.6666666666666666, 0.4999999999999999)]
    [InlineData(MetricAverage.Weighted, ZeroDivision.One, 0.7, 0.6, 0.6333333333333333)]
    public void Averages_match_sklearn(MetricAverage average, ZeroDivision zd, double p, double r, double f)
    {
        var s = PrecisionRecallF1.Average(Yt, Yp, average, zd);
        Assert.Equal(p, s.Precision, 12);
        Assert.Equal(r, s.Recall, 12);
        Assert.Equal(f, s.F1, 12);
    }

    [Fact]
    public void Confusion_matrix_overload_agrees_with_arrays()
    {
        var cm = ConfusionMatrix.Of(Yt, Yp, 6);
        foreach (var avg in new[] { MetricAverage.Macro, MetricAverage.Micro, MetricAverage.Weighted })
            Assert.Equal(PrecisionRecallF1.Average(Yt, Yp, avg), PrecisionRecallF1.Average(cm, avg));
        Assert.Equal<double>(PrecisionRecallF1.PerClass(Yt, Yp).F1, PrecisionRecallF1.PerClass(cm).F1);
    }

    [Fact]
    public void Binary_scores_the_positive_label_as_sklearn()
    {
        var s = PrecisionRecallF1.Binary([0, 1, 1, 0, 1], [0, 1, 0, 0, 0]);
        Assert.Equal(new AverageScores(1.0, 1.0 / 3, 0.5), s);
        Assert.Contains("Binary", Assert.Throws<ArgumentException>(() => PrecisionRecallF1.Binary(Yt, Yp)).Message);
    }

    [Fact]
    public void Weighted_with_no_support_follows_sklearn_special_case()
    {
        Assert.Equal(new AverageScores(1, 1, 1),
            PrecisionRecallF1.Average([0, 0, 1], [0, 0, 1], MetricAverage.Weighted, ZeroDivision.One, labels: [2, 3]));
        Assert.Equal(new AverageScores(0, 1, 0),
            PrecisionRecallF1.Average([0, 0, 1], [2, 0, 1], MetricAverage.Weighted, ZeroDivision.One, labels: [2, 3]));
    }

    [Fact]
    public void NaN_policy_propagates_into_the_macro_average()
    {
        var s = PrecisionRecallF1.Average(Yt, Yp, MetricAverage.Macro, ZeroDivision.NaN);
        Assert.True(double.IsNaN(s.Recall));
        Assert.Equal(0.5666666666666667, s.Precision, 12);
    }
}
