using Functional;

namespace Functional.Tests.Examples;

/// <summary>
/// The book's manual gradient descent on MSE (chapters 4-6): x ← x - lr·∂loss/∂x, with the gradient
/// from <see cref="MseLoss"/>'s pullback. For mean MSE over N elements the gradient is 2(x - t)/N, so
/// each step multiplies the error by (1 - 2·lr/N) and the loss by its square: (1/2)² for the 2×2 example
/// at lr = 1, (7/9)² for a 3×3 target at lr = 1 (checked against PyTorch 1.13).
/// </summary>
public class GradientDescentTests
{
    private static List<double> Descend(Tensor<double> x, Tensor<double> target, double lr, int steps)
    {
        var mse = new MseLoss();
        var losses = new List<double>();
        for (var i = 0; i < steps; i++)
        {
            var f = mse.Forward(x, target);
            losses.Add(f.Item());
            x = x - f.Gradient() * lr;
        }
        return losses;
    }

    [Fact]
    public void Two_by_two_example_loses_a_factor_of_one_half_squared_per_step()
    {
        var x = Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 } });
        var t = Tensor.FromArray(new double[,] { { .1, .2 }, { .3, .4 } });
        var losses = Descend(x, t, lr: 1, steps: 20);
        Assert.Equal(6.075, losses[0], 12);                    // PyTorch (float32): 6.074999809
        for (var i = 1; i < losses.Count; i++)
            Assert.Equal(0.25, losses[i] / losses[i - 1], 9);
    }

    [Fact]
    public void Three_by_three_target_loses_a_factor_of_seven_ninths_squared_per_step()
    {
        var x = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } });
        var t = Tensor.FromArray(new double[,] { { .1, .2, .3 }, { .4, .5, .6 }, { .7, .8, .9 } });
        var losses = Descend(x, t, lr: 1, steps: 20);
        Assert.Equal(25.65, losses[0], 12);                    // PyTorch (float32): 25.650001526
        for (var i = 1; i < losses.Count; i++)
            Assert.Equal(49.0 / 81.0, losses[i] / losses[i - 1], 9);
    }

    [Theory]
    [InlineData(0.5, 4)]
    [InlineData(0.1, 9)]
    public void The_factor_is_one_minus_two_lr_over_n_squared(double lr, int n)
    {
        var x = Tensor.Arange<double>(n) + 1.0;
        var t = Tensor.Zeros<double>(n);
        var losses = Descend(x, t, lr, steps: 5);
        var factor = Math.Pow(1 - 2 * lr / n, 2);
        for (var i = 1; i < losses.Count; i++)
            Assert.Equal(factor, losses[i] / losses[i - 1], 9);
    }
}
