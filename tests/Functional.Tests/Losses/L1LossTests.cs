using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Losses;

public class L1LossTests
{
    private static Gen<LossCase> Cases(Reduction reduction)
        => from s in Gens.Shape(0, 4)
           from x in Gens.Tensor(s)
           from d in Gens.Tensor(s, minAbs: 1e-3)   // |x - t| >= 1e-3: away from the kink
           let t = x - d
           from k in Gens.Rng()
           select new LossCase(new L1Loss(reduction), x, t, k);

    [Property(MaxTest = 100)]
    public Property GradientsMean() => GradientProperty.ForLoss(Cases(Reduction.Mean));

    [Property(MaxTest = 100)]
    public Property GradientsSum() => GradientProperty.ForLoss(Cases(Reduction.Sum));

    [Property(MaxTest = 100)]
    public Property GradientsNone() => GradientProperty.ForLoss(Cases(Reduction.None));

    [Fact]
    public void IsTheMeanAbsoluteErrorWithZeroGradientAtZero()
    {
        var f = new L1Loss().Forward(Tensor.FromArray(new[] { 1.0, -2.0, 3.0 }), Tensor.FromArray(new[] { 0.0, 0.0, 3.0 }));
        Assert.Equal(1.0, f.Item());
        TensorAssert.Equal(Tensor.FromArray(new[] { 1 / 3.0, -1 / 3.0, 0.0 }), f.Gradient(), "d l1 / dx");
    }
}
