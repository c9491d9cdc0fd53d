using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Losses;

public class MseLossTests
{
    private static Gen<LossCase> Cases(Reduction reduction)
        => from s in Gens.Shape(0, 4)
           from x in Gens.Tensor(s)
           from t in Gens.Tensor(s)
           from k in Gens.Rng()
           select new LossCase(new MseLoss(reduction), x, t, k);

    [Property(MaxTest = 100)]
    public Property GradientsMean() => GradientProperty.ForLoss(Cases(Reduction.Mean));

    [Property(MaxTest = 100)]
    public Property GradientsSum() => GradientProperty.ForLoss(Cases(Reduction.Sum));

    [Property(MaxTest = 100)]
    public Property GradientsNone() => GradientProperty.ForLoss(Cases(Reduction.None));

    // The book's chapter 3 example: x = [[1, 1], [2, 2]], y = 0.
    private static readonly Tensor<double> X = Tensor.FromArray(new[,] { { 1.0, 1.0 }, { 2.0, 2.0 } });
    private static readonly Tensor<double> Y = Tensor.Zeros<double>(2, 2);

    [Fact]
    public void BookExampleMeanIs2Point5() => Assert.Equal(2.5, new MseLoss(Reduction.Mean).Forward(X, Y).Item());

    [Fact]
    public void BookExampleSumIs10() => Assert.Equal(10.0, new MseLoss(Reduction.Sum).Forward(X, Y).Item());

    [Fact]
    public void BookExampleNoneIsTheSquaredErrors()
        => TensorAssert.Equal(Tensor.FromArray(new[,] { { 1.0, 1.0 }, { 4.0, 4.0 } }), new MseLoss(Reduction.None).Forward(X, Y).Output, "mse_loss(reduction=none)");

    [Fact]
    public void BookExampleGradientIsTwoErrorsOverN()
        => TensorAssert.Equal(Tensor.FromArray(new[,] { { 0.5, 0.5 }, { 1.0, 1.0 } }), new MseLoss().Forward(X, Y).Gradient(), "d mse / dx");

    [Fact]
    public void ShapeMismatchNamesTheLossAndBothShapes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => new MseLoss().Forward(Tensor.Zeros<double>(2, 3), Tensor.Zeros<double>(3, 2)));
        Assert.Contains("MseLoss", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[3, 2]", e.Message);
    }
}
