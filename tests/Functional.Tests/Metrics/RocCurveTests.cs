using Functional;

namespace Functional.Tests.Metrics;

public class RocCurveTests
{
    // scikit-learn 1.2.1: roc_curve(Y, S) and roc_curve(Y, S, drop_intermediate=False)
    internal static readonly int[] Y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0];
    internal static readonly double[] S = [0.1, 0.4, 0.35, 0.8, 0.4, 0.7, 0.2, 0.35, 0.9, 0.6];

    [Fact]
    public void Matches_sklearn_without_dropping_points()
    {
        var roc = RocCurve.Compute(Y, S);
        Close([0, 0, 0, 0, 0.2, 0.6, 0.6, 0.8, 1], roc.Fpr);
        Close([0, 0.2, 0.4, 0.6, 0.6, 0.6, 1, 1, 1], roc.Tpr);
        Close([1.9, 0.9, 0.8, 0.7, 0.6, 0.4, 0.35, 0.2, 0.1], roc.Thresholds);
    }

    [Fact]
    public void Matches_sklearn_dropping_intermediate_points()
    {
        var roc = RocCurve.Compute(Y, S, dropIntermediate: true);
        Close([0, 0, 0, 0.2, 0.6, 0.6, 1], roc.Fpr);
        Close([0, 0.2, 0.6, 0.6, 0.6, 1, 1], roc.Tpr);
        Close([1.9, 0.9, 0.7, 0.6, 0.4, 0.35, 0.1], roc.Thresholds);
        Assert.Equal(RocCurve.Compute(Y, S).Area(), roc.Area(), 12);
    }

    [Fact]
    public void Tensor_overload_agrees_and_positive_label_can_be_chosen()
    {
        var t = RocCurve.Compute(Tensor.FromArray(Y.Select(v => (double)v).ToArray()), Tensor.FromArray(S));
        Close(RocCurve.Compute(Y, S).Tpr, t.Tpr);
        var flipped = RocCurve.Compute(Y.Select(v => 1 - v).ToArray(), S, positive: 0);
        Close(RocCurve.Compute(Y, S).Fpr, flipped.Fpr);
    }

    [Fact]
    public void No_negative_sample_gives_nan_false_positive_rates()
    {
        var roc = RocCurve.Compute([1, 1], [0.2, 0.3]);
        Assert.All(roc.Fpr, v => Assert.True(double.IsNaN(v)));
        Close([0, 0.5, 1], roc.Tpr);
    }

    [Fact]
    public void Bad_inputs_are_errors_naming_the_metric()
    {
        Assert.Contains("RocCurve", Assert.Throws<ArgumentException>(() => RocCurve.Compute([0, 1], [0.5])).Message);
        Assert.Contains("binary", Assert.Throws<ArgumentException>(() => RocCurve.Compute([0, 1, 2], [0.1, 0.2, 0.3])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => RocCurve.Compute([0, 1], [0.1, double.NaN])).Message);
    }

    internal static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12, $"[{i}]: expected {expected[i]}, got {actual[i]}");
    }
}
