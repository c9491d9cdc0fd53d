using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Combinators;

public class ParallelTests
{
    private static Layer Branch(Layer[] chain) => chain.Length == 1 ? chain[0] : new Sequential(chain);

    /// <summary>1-3 branches of smooth chains, concatenated.</summary>
    private static Gen<Layer> ConcatFor(Shape s)
        => Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Pools.Chain(s[-1], 2), n))
            .Select(bs => (Layer)new Parallel(Merge.Concat, bs.Select(Branch).ToArray()));

    /// <summary>1-3 branches ending in Linear(., k) for a shared k, summed.</summary>
    private static Gen<Layer> SumFor(Shape s)
        => from k in Gen.Choose(1, 5)
           from n in Gen.Choose(1, 3)
           from chains in Gen.ArrayOf(Pools.Chain(s[-1], 2), n)
           select (Layer)new Parallel(Merge.Sum, chains.Select(c => Branch([.. c, new Linear(Pools.OutFeatures(c, s[-1]), k)])).ToArray());

    [Property(MaxTest = 100)]
    public Property ConcatGradients() => GradientProperty.ForLayer(ConcatFor, Pools.Inputs());

    [Property(MaxTest = 100)]
    public Property SumGradients() => GradientProperty.ForLayer(SumFor, Pools.Inputs());

    [Property(MaxTest = 100)]
    public Property MergesTheBranchOutputs()
        => Prop.ForAll(Arb.From(
            from s in Pools.Inputs()
            from concat in Gen.Elements(false, true)
            from l in concat ? ConcatFor(s) : SumFor(s)
            from x in Gens.Tensor(s)
            from seed in Gens.Rng()
            select ((Parallel)l, x, seed)), t =>
        {
            var (p, x, seed) = t;
            var init = p.Init<double>(x.Shape, seed);
            var ps = (TreeList<double>)init.Params;
            var ss = (TreeList<double>)init.State;
            var outs = p.Branches.Select((b, i) => b.Forward(ps[i], ss[i], x, Context.Eval.Child(i)).Output).ToArray();
            var expected = p.Merge == Merge.Concat ? Tensor.Cat(outs, -1) : outs.Skip(1).Aggregate(outs[0], (a, o) => a + o);
            TensorAssert.Equal(expected, p.Forward(init.Params, init.State, x, Context.Eval).Output, $"{p.Merge} of the branches");
            Assert.Equal(expected.Shape, init.Output);
            Assert.All(init.Params.Paths(), path => Assert.Matches(@"^\d+\.", path));
        });

    [Fact]
    public void SumRejectsBranchesOfDifferentShapes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => new Parallel(Merge.Sum, new Linear(3, 2), new Linear(3, 4)).Init<double>(Shape.Of(5, 3), new Rng(0)));
        Assert.Contains("[5, 4]", e.Message);
        Assert.Contains("[5, 2]", e.Message);
    }
}
