using Functional;

namespace Functional.Tests.Metrics;

public class AccuracyTests
{
    [Fact]
    public void Binary_thresholds_strictly_above()
    {
        Assert.Equal(0.75, Accuracy.Binary([0, 1, 1, 0], [0.2, 0.9, 0.5, 0.1]));   // 0.5 is not above 0.5
        Assert.Equal(1.0, Accuracy.Binary([0, 1, 1, 0], [0.2, 0.9, 0.5, 0.1], threshold: 0.4));
        Assert.Equal(0.5, Accuracy.Binary(Tensor.FromArray(new[] { 0.0, 1.0 }), Tensor.FromArray(new[] { 0.7, 0.8 })));
    }

    [Fact]
    public void Multiclass_takes_the_argmax_of_each_row()
    {
        var logProbs = new double[,] { { -0.1, -2.5, -3 }, { -2, -0.3, -1.5 }, { -1, -1, -1.2 } };
        Assert.Equal(2.0 / 3, Accuracy.Multiclass([0, 2, 0], logProbs), 15);   // ties go to the first maximum
        Assert.Equal([0, 1, 0], Accuracy.Argmax(Tensor.FromArray(logProbs).Span, 3));
        Assert.Equal(1.0 / 3, Accuracy.Multiclass(Tensor.FromArray(new[] { 1.0, 1, 1 }), Tensor.FromArray(logProbs)), 15);
    }

    [Fact]
    public void Multiclass_rejects_scores_that_are_not_a_matrix()
        => Assert.Contains("(N, C)", Assert.Throws<ArgumentException>(
            () => Accuracy.Multiclass(Tensor.FromArray(new[] { 1.0 }), Tensor.FromArray(new[] { 1.0, 2.0 }))).Message);
}
