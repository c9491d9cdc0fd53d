using static Functional.Tests.Tensors.TensorAssert;

namespace Functional.Tests.Tensors;

/// <summary>Slice, Select, Narrow and IndexSelect against PyTorch 1.13 indexing.</summary>
public class TensorSelectTests
{
    private static readonly Tensor<double> M = Tensor.Arange<double>(20).Reshape(4, 5);

    [Fact]
    public void Slice_follows_python_slicing()
    {
        Exact(M.Slice(1, 1, 3), [1, 2, 6, 7, 11, 12, 16, 17], 4, 2);               // m[:, 1:3]
        Exact(M.Slice(0, -3).Slice(1, step: 2), [5, 7, 9, 10, 12, 14, 15, 17, 19], 3, 3);   // m[-3:, ::2]
        Exact(M.Slice(1, -2, 100), [3, 4, 8, 9, 13, 14, 18, 19], 4, 2);             // m[:, -2:100]
        Exact(M.Slice(0, 1, 3), [5, 6, 7, 8, 9, 10, 11, 12, 13, 14], 2, 5);         // m[1:3]
        Exact(Tensor.Arange<double>(10).Slice(0, -3, 100, 2), [7, 9], 2);          // arange(10)[-3:100:2]
        Exact(Tensor.Arange<double>(10).Slice(0, 7, 2), [], 0);                     // empty
        Exact(M.Slice(-1, -100, 1), [0, 5, 10, 15], 4, 1);
    }

    [Fact]
    public void Slice_rejects_non_positive_steps()
        => Assert.Contains("Slice", Assert.Throws<ArgumentException>(() => M.Slice(0, step: 0)).Message);

    [Fact]
    public void Select_removes_the_dimension()
    {
        Exact(M.Select(1, 1), [1, 6, 11, 16], 4);    // m[:, 1]
        Exact(M.Select(0, -1), [15, 16, 17, 18, 19], 5);   // m[-1]
        Exact(Tensor.Arange<double>(3).Select(0, 2), [2], []);
        Assert.Throws<IndexOutOfRangeException>(() => M.Select(0, 4));
    }

    [Fact]
    public void Narrow_takes_a_run()
    {
        Exact(M.Narrow(1, 2, 2), [2, 3, 7, 8, 12, 13, 17, 18], 4, 2);
        Exact(Tensor.Arange<double>(5).Narrow(0, -2, 2), [3, 4], 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => M.Narrow(1, 4, 2));
    }

    [Fact]
    public void Index_select_with_repeats_and_tensor_indices()
    {
        Exact(M.IndexSelect(1, 4, 0, 0), [4, 0, 0, 9, 5, 5, 14, 10, 10, 19, 15, 15], 4, 3);
        Exact(M.IndexSelect(0, D([2], 1)), [10, 11, 12, 13, 14], 1, 5);
        Assert.Throws<IndexOutOfRangeException>(() => M.IndexSelect(0, -1));   // torch: index out of range
        Assert.Throws<ArgumentException>(() => M.IndexSelect(0, D([0.5], 1)));
    }

    [Fact]
    public void Index_select_with_sort_indices_reorders_rows()
    {
        var keys = D([3, 1, 2], 3);
        var (_, order) = keys.Sort();
        var rows = Tensor.Arange<double>(6).Reshape(3, 2);
        Exact(rows.IndexSelect(0, order), [2, 3, 4, 5, 0, 1], 3, 2);
    }

    [Fact]
    public void Errors_name_the_operation_and_shape()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => M.Slice(2, 0, 1));
        Assert.Contains("Slice", e.Message);
        Assert.Contains("[4, 5]", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Scalar(1.0).Select(0, 0));
    }
}
