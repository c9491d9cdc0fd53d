using Functional;

namespace Functional.Tests.Metrics;

public class RocAucTests
{
    // scikit-learn 1.2.1 roc_auc_score(yt, P, multi_class="ovr", average=...)
    private static readonly int[] Yt = [0, 1, 2, 2, 0, 1, 1, 2, 0, 2];
    private static readonly double[,] P =
    {
        { .5, .3, .2 }, { .2, .5, .3 }, { .1, .2, .7 }, { .3, .3, .4 }, { .6, .2, .2 },
        { .4, .4, .2 }, { .3, .4, .3 }, { .2, .5, .3 }, { .3, .3, .4 }, { .1, .1, .8 },
    };

    [Fact]
    public void Binary_matches_sklearn() => Assert.Equal(0.76, RocAuc.Binary(RocCurveTests.Y, RocCurveTests.S), 12);

    [Fact]
    public void One_vs_rest_macro_weighted_micro_match_sklearn()
    {
        Assert.Equal(0.8938492063492064, RocAuc.OneVsRest(Yt, P), 12);
        Assert.Equal(0.894047619047619, RocAuc.OneVsRest(Yt, P, MetricAverage.Weighted), 12);
        Assert.Equal(0.9, RocAuc.OneVsRest(Yt, P, MetricAverage.Micro), 12);
        var t = Tensor.FromArray(P);
        Assert.Equal(0.8938492063492064, RocAuc.OneVsRest(Tensor.FromArray(Yt.Select(v => (double)v).ToArray()), t), 12);
    }

    [Fact]
    public void One_class_only_is_an_error()
        => Assert.Contains("one class", Assert.Throws<ArgumentException>(() => RocAuc.Binary([1, 1, 1], [0.1, 0.2, 0.3])).Message);

    [Fact]
    public void One_vs_rest_needs_probabilities_and_every_class()
    {
        var notProbabilities = new double[,] { { 2, 1 }, { 0, 1 } };
        Assert.Contains("sum", Assert.Throws<ArgumentException>(() => RocAuc.OneVsRest([0, 1], notProbabilities)).Message);
        var missing = new double[,] { { .5, .5, 0 }, { .2, .8, 0 } };
        Assert.Contains("number of classes", Assert.Throws<ArgumentException>(() => RocAuc.OneVsRest([0, 1], missing)).Message);
    }
}
