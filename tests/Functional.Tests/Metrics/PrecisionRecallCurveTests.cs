using Functional;

namespace Functional.Tests.Metrics;

public class PrecisionRecallCurveTests
{
    [Fact]
    public void Curve_matches_sklearn()
    {
        var pr = PrecisionRecallCurve.Compute(RocCurveTests.Y, RocCurveTests.S);
        RocCurveTests.Close([0.5, 5.0 / 9, 0.625, 0.5, 0.75, 1, 1, 1, 1], pr.Precision);
        RocCurveTests.Close([1, 1, 1, 0.6, 0.6, 0.6, 0.4, 0.2, 0], pr.Recall);
        RocCurveTests.Close([0.1, 0.2, 0.35, 0.4, 0.6, 0.7, 0.8, 0.9], pr.Thresholds);
    }

    [Fact]
    public void Average_precision_matches_sklearn()
    {
        Assert.Equal(0.85, AveragePrecision.Compute(RocCurveTests.Y, RocCurveTests.S), 12);
        Assert.Equal(5.0 / 6, AveragePrecision.Compute([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 12);
    }

    [Fact]
    public void No_positive_sample_gives_recall_one_and_zero_precision()
    {
        var pr = PrecisionRecallCurve.Compute([0, 0], [0.3, 0.1]);
        RocCurveTests.Close([1, 1, 0], pr.Recall);
        RocCurveTests.Close([0, 0, 1], pr.Precision);
        Assert.Equal(0, AveragePrecision.Compute([0, 0], [0.3, 0.1]));
    }

    [Fact]
    public void A_perfect_ranking_has_average_precision_one()
        => Assert.Equal(1.0, AveragePrecision.Compute([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8]), 15);
}
