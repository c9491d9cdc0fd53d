using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Losses;

public class BceWithLogitsLossTests
{
    private static Gen<LossCase> Cases(Reduction reduction)
        => from s in Gens.Shape(0, 4)
           from x in Gens.Tensor(s, -6, 6)
           from t in Gens.UnitInterval(s, 0, 1)
           from k in Gens.Rng()
           select new LossCase(new BceWithLogitsLoss(reduction), x, t, k);

    [Property(MaxTest = 100)]
    public Property GradientsMean() => GradientProperty.ForLoss(Cases(Reduction.Mean));

    [Property(MaxTest = 100)]
    public Property GradientsSum() => GradientProperty.ForLoss(Cases(Reduction.Sum));

    [Property(MaxTest = 100)]
    public Property GradientsNone() => GradientProperty.ForLoss(Cases(Reduction.None));

    [Property(MaxTest = 100)]
    public Property EqualsBceOfTheSigmoid()
        => Prop.ForAll(Arb.From(Gens.Shape(1, 3).SelectMany(s => Gens.Tensor(s, -6, 6).Zip(Gens.UnitInterval(s, 0, 1)))), c =>
        {
            var (x, t) = c;
            var viaSigmoid = new BceLoss(Reduction.None).Forward(new Sigmoid().Forward(x).Output, t).Output;
            TensorAssert.Close(viaSigmoid, new BceWithLogitsLoss(Reduction.None).Forward(x, t).Output, 1e-12, "BCE with logits against BCE of sigmoid");
        });

    [Fact]
    public void DoesNotOverflowForLargeLogits()
    {
        var v = new BceWithLogitsLoss(Reduction.None).Forward(Tensor.FromArray(new[] { 800.0, -800.0 }), Tensor.FromArray(new[] { 0.0, 0.0 })).Output;
        Assert.Equal(800.0, v[0]);
        Assert.Equal(0.0, v[1]);
    }
}
