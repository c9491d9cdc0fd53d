using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Losses;

public class BceLossTests
{
    private static Gen<LossCase> Cases(Reduction reduction)
        => from s in Gens.Shape(0, 4)
           from x in Gens.UnitInterval(s, 0.05, 0.95)
           from t in Gens.UnitInterval(s, 0, 1)
           from k in Gens.Rng()
           select new LossCase(new BceLoss(reduction), x, t, k);

    [Property(MaxTest = 100)]
    public Property GradientsMean() => GradientProperty.ForLoss(Cases(Reduction.Mean));

    [Property(MaxTest = 100)]
    public Property GradientsSum() => GradientProperty.ForLoss(Cases(Reduction.Sum));

    [Property(MaxTest = 100)]
    public Property GradientsNone() => GradientProperty.ForLoss(Cases(Reduction.None));

    [Fact]
    public void ClampsTheLogAtMinus100LikePyTorch()
        => Assert.Equal(100.0, new BceLoss().Forward(Tensor.FromArray(new[] { 0.0 }), Tensor.FromArray(new[] { 1.0 })).Item());

    [Fact]
    public void RejectsInputsOutsideTheUnitInterval()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new BceLoss().Forward(Tensor.FromArray(new[] { 1.5 }), Tensor.FromArray(new[] { 1.0 })));
}
