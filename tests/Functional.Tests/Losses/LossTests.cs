using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Losses;

/// <summary>The loss contract for every loss: value and pullback are pure.</summary>
public class LossTests
{
    private static Gen<LossCase> AnyLoss()
        => from r in Gen.Elements(Reduction.Mean, Reduction.Sum, Reduction.None)
           from kind in Gen.Choose(0, 5)
           from shapes in LossCases.ClassShapes()
           from x in Gens.UnitInterval(shapes.Input)
           from t in kind < 4 ? Gens.UnitInterval(shapes.Input) : Gens.ClassIndices(shapes.Target, shapes.Classes)
           from k in Gens.Rng()
           select new LossCase(kind switch
           {
               0 => new MseLoss(r),
               1 => new L1Loss(r),
               2 => new BceLoss(r),
               3 => new BceWithLogitsLoss(r),
               4 => new NllLoss(r),
               _ => (Loss)new CrossEntropyLoss(r, labelSmoothing: 0.1),
           }, x, t, k);

    [Property(MaxTest = 100)]
    public Property PullbackIsPureAndNothingIsMutated()
        => Prop.ForAll(Arb.From(AnyLoss()), c =>
        {
            var (x, t) = (c.Input.ToArray(), c.Target.ToArray());
            var f = c.Loss.Forward(c.Input, c.Target);
            TensorAssert.Equal(f.Output, c.Loss.Forward(c.Input, c.Target).Output, $"{c.Loss}: a second call");
            var g = Gens.TensorFrom(c.Upstream, f.Output.Shape);
            TensorAssert.Equal(f.Pullback(g).Input, f.Pullback(g).Input, $"{c.Loss}: a second pullback call");
            Assert.Equal(x, c.Input.ToArray());
            Assert.Equal(t, c.Target.ToArray());
            Assert.Equal(c.Input.Shape, f.Pullback(g).Input!.Shape);
        });
}
