using static Functional.Tests.Tensors.TensorAssert;

namespace Functional.Tests.Tensors;

/// <summary>Element-wise math against values printed by PyTorch 1.13 (float64).</summary>
public class TensorElementwiseTests
{
    private static readonly Tensor<double> X = D([0.5, 1.5, 2.0, 3.7], 4);
    private static readonly Tensor<double> V = D([-2.5, -0.0, 0.0, 1.25, double.NaN, 3.0], 6);

    [Theory]
    [InlineData(2.0, new[] { 0.25, 2.25, 4.0, 13.690000000000001 })]
    [InlineData(3.0, new[] { 0.125, 3.375, 8.0, 50.653000000000006 })]
    [InlineData(0.5, new[] { 0.7071067811865476, 1.224744871391589, 1.4142135623730951, 1.9235384061671346 })]
    [InlineData(-0.5, new[] { 1.414213562373095, 0.8164965809277261, 0.7071067811865475, 0.5198752449100363 })]
    [InlineData(-1.0, new[] { 2.0, 0.6666666666666666, 0.5, 0.27027027027027023 })]
    [InlineData(-2.0, new[] { 4.0, 0.4444444444444444, 0.25, 0.07304601899196493 })]
    [InlineData(1.7, new[] { 0.3077861033362291, 1.9923018599150013, 3.249009585424942, 9.245766706385156 })]
    [InlineData(0.0, new[] { 1.0, 1.0, 1.0, 1.0 })]
    [InlineData(1.0, new[] { 0.5, 1.5, 2.0, 3.7 })]
    public void Pow_scalar_matches_pytorch(double p, double[] expected) => Close(X.Pow(p), expected, [4], rtol: 1e-15, atol: 0);

    [Fact]
    public void Pow_special_exponents_are_exact() => Exact(X.Pow(2.0), [0.25, 2.25, 4.0, 13.690000000000001], 4);

    [Fact]
    public void Pow_tensor_broadcasts_exponents_over_rows()
        => Close(Tensor.Pow(D([1, 2, 3, 4, 5, 6], 2, 3), D([0.5, 2, -1], 3)),
            [1.0, 4.0, 0.3333333333333333, 2.0, 25.0, 0.16666666666666666], [2, 3], rtol: 1e-15);

    [Fact]
    public void Exp_log_abs_sqrt_sign()
    {
        Close(V.Exp(), [0.0820849986238988, 1.0, 1.0, 3.4903429574618414, double.NaN, 20.085536923187668], [6], rtol: 1e-15);
        Close(V.Log(), [double.NaN, double.NegativeInfinity, double.NegativeInfinity, 0.22314355131420976, double.NaN, 1.0986122886681098], [6], rtol: 1e-15);
        Exact(V.Abs(), [2.5, 0.0, 0.0, 1.25, double.NaN, 3.0], 6);
        Close(V.Sqrt(), [double.NaN, -0.0, 0.0, 1.118033988749895, double.NaN, 1.7320508075688772], [6], rtol: 1e-16);
        Exact(V.Sign(), [-1.0, 0.0, 0.0, 1.0, 0.0, 1.0], 6);
    }

    [Fact]
    public void Neg_and_square()
    {
        Exact(V.Neg(), [2.5, 0.0, -0.0, -1.25, double.NaN, -3.0], 6);
        Exact(V.Square(), [6.25, 0.0, 0.0, 1.5625, double.NaN, 9.0], 6);
    }

    [Fact]
    public void Clamp_keeps_nan_and_accepts_one_bound()
    {
        Exact(V.Clamp(-1.0, 2.0), [-1.0, -0.0, 0.0, 1.25, double.NaN, 2.0], 6);
        Exact(V.Clamp(min: 0.0), [0.0, -0.0, 0.0, 1.25, double.NaN, 3.0], 6);
        Exact(V.Clamp(max: 0.0), [-2.5, -0.0, 0.0, 0.0, double.NaN, 0.0], 6);
        Exact(D([1, 3], 2).Clamp(4.0, 2.0), [2, 2], 2);   // min > max gives max, as torch.clamp
        Assert.Throws<ArgumentException>(() => V.Clamp());
    }

    [Fact]
    public void Maximum_and_minimum_broadcast_and_propagate_nan()
    {
        var a = D([1, double.NaN, 3, -4], 2, 2);
        var b = D([2, 0], 2);
        Exact(Tensor.Maximum(a, b), [2, double.NaN, 3, 0], 2, 2);
        Exact(Tensor.Minimum(a, b), [1, double.NaN, 2, -4], 2, 2);
    }

    [Fact]
    public void Scalar_on_the_left()
    {
        var x = D([1, 2, 4], 3);
        Exact(1.0 + x, [2, 3, 5], 3);
        Exact(1.0 - x, [0, -1, -3], 3);
        Exact(1.0 / x, [1, 0.5, 0.25], 3);
    }

    [Fact]
    public void Float_exp_is_close_to_pytorch()
        => Close(F([-2.5f, 0f, 1.25f, 3f], 4).Exp(), [0.08208499848842621, 1.0, 3.4903430938720703, 20.08553695678711], [4], rtol: 2e-7);
}
