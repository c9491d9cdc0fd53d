using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Losses;

public class NllLossTests
{
    /// <summary>Inputs (C), (N, C) or (N, C, d...), optional class weights, an optional ignored index (-100 or a real class).</summary>
    private static Gen<LossCase> Cases(Reduction reduction)
        => from shapes in LossCases.ClassShapes()
           from x in Gens.Tensor(shapes.Input, -3, 0)
           from w in LossCases.Weights(shapes.Classes)
           from useIgnore in Gen.Elements(false, true)
           from ignore in LossCases.IgnoreIndex(shapes.Classes)
           where !(useIgnore && ignore == 0 && shapes.Classes == 1)
           from t in Gens.ClassIndices(shapes.Target, shapes.Classes, useIgnore ? ignore : null)
           from k in LossCases.Upstream()
           select new LossCase(new NllLoss(reduction, w, useIgnore ? ignore : -100), x, t, k);

    [Property(MaxTest = 100)]
    public Property GradientsMean() => GradientProperty.ForLoss(Cases(Reduction.Mean));

    [Property(MaxTest = 100)]
    public Property GradientsSum() => GradientProperty.ForLoss(Cases(Reduction.Sum));

    [Property(MaxTest = 100)]
    public Property GradientsNone() => GradientProperty.ForLoss(Cases(Reduction.None));

    [Fact]
    public void WeightedMeanDividesByTheWeightsOfTheTargetsNotIgnored()
    {
        var x = Tensor.FromArray(new[,] { { -1.0, -2.0, -3.0 }, { -4.0, -5.0, -6.0 }, { -7.0, -8.0, -9.0 } });
        var t = Tensor.FromArray(new[] { 0.0, 2.0, 1.0 });
        var loss = new NllLoss(Reduction.Mean, weight: [1.0, 2.0, 3.0], ignoreIndex: 1).Forward(x, t);
        Assert.Equal((1.0 * 1 + 3.0 * 6) / (1.0 + 3.0), loss.Item(), 1e-15);
        TensorAssert.Close(Tensor.FromArray(new[,] { { -0.25, 0, 0 }, { 0, 0, -0.75 }, { 0, 0, 0 } }), loss.Gradient(), 1e-15, "d nll / dx");
    }

    [Fact]
    public void TargetShapeMismatchNamesTheLossAndBothShapes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => new NllLoss().Forward(Tensor.Zeros<double>(4, 3), Tensor.Zeros<double>(3)));
        Assert.Contains("NllLoss", e.Message);
        Assert.Contains("[4, 3]", e.Message);
        Assert.Contains("[3]", e.Message);
    }
}
