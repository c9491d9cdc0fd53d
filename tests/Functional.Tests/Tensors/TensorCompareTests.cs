using static Functional.Tests.Tensors.TensorAssert;

namespace Functional.Tests.Tensors;

/// <summary>Comparisons (0/1 masks), Where and MaskedFill, against PyTorch 1.13.</summary>
public class TensorCompareTests
{
    private static readonly Tensor<double> X = D([1, -2, 3, -4, 5, -6], 2, 3);

    [Fact]
    public void Comparisons_broadcast_and_give_zero_one_masks()
    {
        Exact(Tensor.Gt(X, D([0, -3, 3], 3)), [1, 1, 0, 0, 1, 0], 2, 3);
        Exact(Tensor.Eq(D([1, 2], 2, 1), D([1, 2, 3], 3)), [1, 0, 0, 0, 1, 0], 2, 3);
        Exact(X.Lt(0.0), [0, 1, 0, 1, 0, 1], 2, 3);
        Exact(X.Le(-2.0), [0, 1, 0, 1, 0, 1], 2, 3);
        Exact(X.Ge(3.0), [0, 0, 1, 0, 1, 0], 2, 3);
        Exact(X.Ne(1.0), [0, 1, 1, 1, 1, 1], 2, 3);
    }

    [Fact]
    public void Nan_compares_unequal_to_everything()
    {
        var n = D([double.NaN, 1], 2);
        Exact(n.Eq(n), [0, 1], 2);
        Exact(n.Ne(n), [1, 0], 2);
        Exact(n.Lt(5.0), [0, 1], 2);
    }

    [Fact]
    public void Masked_fill_zeroes_negatives()   // x.masked_fill(x < 0, 0)
        => Exact(X.MaskedFill(X.Lt(0.0), 0.0), [1, 0, 3, 0, 5, 0], 2, 3);

    [Fact]
    public void Masked_fill_broadcasts_the_mask()   // x.masked_fill(tensor([True, False, True]), -1)
        => Exact(X.MaskedFill(D([1, 0, 1], 3), -1.0), [-1, -2, -1, -1, 5, -1], 2, 3);

    [Fact]
    public void Masked_fill_result_takes_the_broadcast_shape()
        => Exact(Tensor.MaskedFill(D([1, 2], 2), D([1, 0, 0, 1], 2, 2), 9.0), [9, 2, 1, 9], 2, 2);

    [Fact]
    public void Where_broadcasts_all_three()   // torch.where(x > 0, x, tensor([[10.], [20.]]))
        => Exact(Tensor.Where(X.Gt(0.0), X, D([10, 20], 2, 1)), [1, 10, 3, 20, 5, 20], 2, 3);

    [Fact]
    public void Shape_errors_name_the_operation_and_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.MaskedFill(X, D([1, 0], 2), 0.0));
        Assert.Contains("MaskedFill", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[2]", e.Message);
        Assert.Contains("Where", Assert.Throws<ArgumentException>(() => Tensor.Where(D([1, 0, 1, 0], 4), X, X)).Message);
    }

    [Fact]
    public void AllClose_and_Equal()
    {
        Assert.True(Tensor.AllClose(D([1, 2], 2), D([1 + 1e-9, 2], 2)));
        Assert.False(Tensor.AllClose(D([1, 2], 2), D([1.001, 2], 2)));
        Assert.False(Tensor.AllClose(D([double.NaN], 1), D([double.NaN], 1)));
        Assert.True(Tensor.AllClose(D([double.NaN], 1), D([double.NaN], 1), equalNan: true));
        Assert.True(Tensor.AllClose(D([3, 3], 2), Tensor.Scalar(3.0)));
        Assert.True(Tensor.Equal(X, X.Reshape(2, 3)));
        Assert.False(Tensor.Equal(X, X.Reshape(3, 2)));
    }
}
