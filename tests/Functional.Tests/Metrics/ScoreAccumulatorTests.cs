using Functional;

namespace Functional.Tests.Metrics;

public class ScoreAccumulatorTests
{
    [Fact]
    public void Folding_batches_gives_the_metrics_of_the_whole()
    {
        var acc = ScoreAccumulator.Empty.Add(RocCurveTests.Y[..4], RocCurveTests.S[..4]).Add(RocCurveTests.Y[4..], RocCurveTests.S[4..]);
        Assert.Equal(10, acc.Count);
        Assert.Equal(0.76, acc.RocAuc(), 12);
        Assert.Equal(0.85, acc.AveragePrecision(), 12);
        RocCurveTests.Close(RocCurve.Compute(RocCurveTests.Y, RocCurveTests.S).Fpr, acc.RocCurve().Fpr);
        RocCurveTests.Close(PrecisionRecallCurve.Compute(RocCurveTests.Y, RocCurveTests.S).Precision, acc.PrecisionRecallCurve().Precision);
    }

    [Fact]
    public void One_vs_rest_rows_accumulate_too()
    {
        var acc = ScoreAccumulator.Empty
            .Add(Tensor.FromArray(new[] { 0.0, 1.0 }), Tensor.FromArray(new[] { 0.7, 0.3, 0.4, 0.6 }, 2, 2))
            .Add([0, 1], [0.2, 0.8, 0.9, 0.1]);
        Assert.Equal(RocAuc.OneVsRest([0, 1, 0, 1], [0.7, 0.3, 0.4, 0.6, 0.2, 0.8, 0.9, 0.1], 2), acc.RocAucOneVsRest(), 15);
    }

    [Fact]
    public void Mismatched_batch_is_an_error()
        => Assert.Contains("ScoreAccumulator", Assert.Throws<ArgumentException>(() => ScoreAccumulator.Empty.Add([0, 1, 1], [0.5, 0.2])).Message);
}
