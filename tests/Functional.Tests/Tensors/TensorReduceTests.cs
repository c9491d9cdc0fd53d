using FsCheck.Xunit;
using static Functional.Tests.Tensors.TensorAssert;

namespace Functional.Tests.Tensors;

/// <summary>Sum, Mean, Max, Min, Var and Std against PyTorch 1.13 (float64), plus algebraic properties.</summary>
public class TensorReduceTests
{
    private static readonly Tensor<double> A = D([1, 5, 3, 4, 2, 6], 2, 3);
    private static readonly Tensor<double> C = Tensor.Map(Tensor.Arange<double>(24).Reshape(2, 3, 4), Math.Sin);

    [Fact]
    public void Book_sum_and_mean()
    {
        Exact(A.Sum(), [21], []);
        Exact(A.Sum(0), [5, 7, 9], 3);
        Exact(A.Sum(1, keepDim: true), [9, 12], 2, 1);
        Exact(A.Mean(), [3.5], []);
        Exact(A.Mean(dim: 0), [2.5, 3.5, 4.5], 3);
        Exact(A.Mean(-1, keepDim: true), [3, 4], 2, 1);
    }

    [Fact]
    public void Book_max_and_min()
    {
        Exact(A.Max(), [6], []);
        Exact(A.Max(1), [5, 6], 2);
        Exact(A.Min(0), [1, 2, 3], 3);
        Exact(A.Min(0, keepDim: true), [1, 2, 3], 1, 3);
    }

    [Fact]
    public void Var_and_std_unbiased_by_default()
    {
        Close(A.Var(), [3.5], []);
        Close(A.Var(unbiased: false), [2.9166666666666665], []);
        Close(A.Var(0), [4.5, 4.5, 4.5], [3]);
        Close(A.Std(1), [2, 2], [2]);
        Close(A.Std(1, unbiased: false), [1.632993161855452, 1.632993161855452], [2]);
        Assert.True(double.IsNaN(D([1.0], 1).Var().Item()));
        Exact(D([1.0], 1).Var(unbiased: false), [0], []);
    }

    [Fact]
    public void Several_dimensions_as_batch_norm_needs()
    {
        Close(C.Sum([0, 2]), [3.416377734371639, -3.1885665151045495, 0.7519945902231743], [3]);
        Close(C.Mean([0, 2], keepDim: true), [0.42704721679645485, -0.3985708143880687, 0.09399932377789678], [1, 3, 1]);
        Close(C.Var([0, 2]), [0.28064050368165433, 0.3321055886065323, 0.6605075416862158], [3]);
        Close(C.Var(1, keepDim: true), [0.766776182288017, 0.8842541514495166, 0.5991982200756765, 0.7189704990746227,
            0.6008294623183551, 0.8858630603550711, 0.7638058553426602, 0.5803596967933459], [2, 1, 4]);
        Close(C.Max(1), [0.9893582466233818, 0.8414709848078965, 0.9092974268256817, 0.6569865987187891,
            0.9129452507276277, 0.8366556385360561, 0.9906073556948704, 0.6502878401571168], [2, 4]);
        Close(C.Sum([-1, 0]), [3.416377734371639, -3.1885665151045495, 0.7519945902231743], [3]);
    }

    [Fact]
    public void Nan_propagates_through_max_and_sum()
    {
        var x = D([1, double.NaN, 2, 3], 2, 2);
        Exact(x.Max(0), [2, double.NaN], 2);
        Exact(x.Min(1), [double.NaN, 2], 2);
        Assert.True(double.IsNaN(x.Max().Item()));
        Assert.True(double.IsNaN(x.Sum().Item()));
    }

    [Fact]
    public void Empty_and_scalar_edge_cases()
    {
        Exact(Tensor.Zeros<double>(0, 3).Sum(0), [0, 0, 0], 3);
        Assert.True(double.IsNaN(Tensor.Zeros<double>(0).Mean().Item()));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros<double>(0, 3).Max(0));
        Exact(Tensor.Scalar(2.0).Sum(0), [2], []);
        Exact(A.Sum(Array.Empty<int>()), [21], []);   // torch.sum(x, dim=[]) sums everything
    }

    [Fact]
    public void Bad_dimensions_are_reported()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => A.Sum(2));
        var e = Assert.Throws<ArgumentException>(() => A.Sum([1, -1]));
        Assert.Contains("Sum", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void Float_mean_over_rows_matches_double()
    {
        var x = Random(7, 64, 33);
        Close(x.Cast<float>().Mean(0), x.Mean(0).ToDoubleArray(), [33], rtol: 1e-5, atol: 1e-6);
    }

    [Property]
    public bool Sum_over_a_dim_then_the_rest_is_the_total(int seed)
    {
        var shape = SmallShape(seed);
        var x = Random(seed, shape);
        var dim = Math.Abs(seed % shape.Length);
        var total = x.Sum().Item();
        return Math.Abs(x.Sum(dim).Sum().Item() - total) <= 1e-9 * (1 + Math.Abs(total))
            && x.Sum(dim, keepDim: true).Shape == new Shape(shape).With(dim, 1);
    }

    [Property]
    public bool Var_is_mean_square_minus_square_mean(int seed)
    {
        var shape = SmallShape(seed);
        var x = Random(seed, shape);
        var dim = Math.Abs(seed % shape.Length);
        var lhs = x.Var(dim, unbiased: false);
        var rhs = (x * x).Mean(dim) - x.Mean(dim).Square();
        return Tensor.AllClose(lhs, rhs, 1e-9, 1e-9);
    }

    [Property]
    public bool Max_is_an_element_and_bounds_its_lane(int seed)
    {
        var shape = SmallShape(seed);
        var x = Random(seed, shape);
        var dim = Math.Abs(seed % shape.Length);
        var m = x.Max(dim, keepDim: true);
        return Tensor.Le(x, m).Min().Item() == 1 && Tensor.Eq(x, m).Sum(dim).Min().Item() >= 1;
    }
}
