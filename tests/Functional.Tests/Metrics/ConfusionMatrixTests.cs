using Functional;

namespace Functional.Tests.Metrics;

public class ConfusionMatrixTests
{
    [Fact]
    public void Rows_are_true_classes_and_columns_predictions()
    {
        var cm = ConfusionMatrix.Of([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3);
        Assert.Equal(new long[,] { { 1, 1, 0 }, { 0, 1, 0 }, { 1, 0, 2 } }, cm.ToArray());
        Assert.Equal(6, cm.Total);
        Assert.Equal(4, cm.Correct);
        Assert.Equal(3, cm.Support(2));
        Assert.Equal(2, cm.PredictedCount(0));
        Assert.Equal(4.0 / 6, cm.Accuracy, 15);
        Assert.Equal([1.0, 1, 0, 0, 1, 0, 1, 0, 2], cm.ToTensor<double>().ToArray());
    }

    [Fact]
    public void Adding_batches_and_merging_equal_the_whole()
    {
        int[] t = [0, 1, 1, 2, 0], p = [0, 1, 2, 2, 1];
        var whole = ConfusionMatrix.Of(t, p, 3);
        var folded = ConfusionMatrix.Empty(3).Add(t[..2], p[..2]).Add(t[2..], p[2..]);
        var merged = ConfusionMatrix.Of(t[..3], p[..3], 3).Merge(ConfusionMatrix.Of(t[3..], p[3..], 3));
        Assert.Equal(whole, folded);
        Assert.Equal(whole, merged);
        Assert.Equal(whole.GetHashCode(), merged.GetHashCode());
    }

    [Fact]
    public void Out_of_range_labels_and_mismatched_merges_are_errors()
    {
        Assert.Contains("outside", Assert.Throws<ArgumentException>(() => ConfusionMatrix.Of([0, 3], [0, 1], 3)).Message);
        Assert.Contains("merge", Assert.Throws<ArgumentException>(() => ConfusionMatrix.Empty(2).Merge(ConfusionMatrix.Empty(3))).Message);
        Assert.Contains("predictions", Assert.Throws<ArgumentException>(() => ConfusionMatrix.Of([0, 1], [0], 2)).Message);
    }

    [Fact]
    public void Tensor_labels_must_be_whole_numbers()
    {
        var cm = ConfusionMatrix.Of(Tensor.FromArray(new[] { 0.0, 1.0 }), Tensor.FromArray(new[] { 1.0, 1.0 }), 2);
        Assert.Equal(1, cm[0, 1]);
        Assert.Contains("whole", Assert.Throws<ArgumentException>(
            () => ConfusionMatrix.Of(Tensor.FromArray(new[] { 0.5 }), Tensor.FromArray(new[] { 1.0 }), 2)).Message);
    }
}
