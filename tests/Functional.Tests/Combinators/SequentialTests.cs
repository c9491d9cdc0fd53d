using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Combinators;

public class SequentialTests
{
    /// <summary>A random chain, sometimes with its tail nested in an inner Sequential (paths like <c>1.0.weight</c>).</summary>
    private static Gen<Layer> SequentialFor(Shape s)
        => from layers in Pools.Chain(s[-1])
           from nest in Gen.Elements(false, true)
           select nest && layers.Length > 1
               ? (Layer)new Sequential(layers[0], new Sequential(layers[1..]))
               : new Sequential(layers);

    [Property(MaxTest = 100)]
    public Property Gradients() => GradientProperty.ForLayer(SequentialFor, Pools.Inputs());

    [Property(MaxTest = 100)]
    public Property GradientsInTrainMode() => GradientProperty.ForLayer(SequentialFor, Pools.Inputs(), mode: Mode.Train);

    [Property(MaxTest = 100)]
    public Property ThenIsAssociative()
        => Prop.ForAll(Arb.From(
            from s in Pools.Inputs()
            from a in Pools.Smooth(s[-1])
            from b in Pools.Smooth(a.Out)
            from c in Pools.Smooth(b.Out)
            from x in Gens.Tensor(s)
            from seed in Gens.Rng()
            select (Layers: new[] { a.Layer, b.Layer, c.Layer }, x, seed)), t =>
        {
            var (l, x, seed) = t;
            var left = l[0].Then(l[1]).Then(l[2]);
            var right = l[0].Then(l[1].Then(l[2]));
            Assert.Equal(left.ToString(), right.ToString());
            var pl = left.Init<double>(x.Shape, seed);
            var pr = right.Init<double>(x.Shape, seed);
            Assert.Equal(pl.Params.Paths(), pr.Params.Paths());
            TensorAssert.Equal(pl.Params, pr.Params, "parameters");
            var yl = left.Forward(pl.Params, pl.State, x, Context.Eval).Output;
            var yr = right.Forward(pr.Params, pr.State, x, Context.Eval).Output;
            TensorAssert.Equal(yl, yr, "(a.Then(b)).Then(c) against a.Then(b.Then(c))");
        });

    [Property(MaxTest = 100)]
    public Property WithoutInputGradientReturnsNullAndTheSameParameterGradients()
        => Prop.ForAll(Arb.From(PullbackCase()), t =>
        {
            var (layer, x, seed) = t;
            var init = layer.Init<double>(x.Shape, seed);
            var f = layer.Forward(init.Params, init.State, x, Context.Eval);
            var dy = Gens.TensorFrom(seed.Fold(9), f.Output.Shape);
            var with = f.Pullback(dy, needInputGrad: true);
            var without = f.Pullback(dy, needInputGrad: false);
            Assert.Null(without.Input);
            Assert.NotNull(with.Input);
            TensorAssert.Equal(with.Params, without.Params, "parameter gradients");
        });

    private static Gen<(Layer, Tensor<double>, Rng)> PullbackCase()
        => from s in Pools.Inputs()
           from l in SequentialFor(s)
           from x in Gens.Tensor(s)
           from seed in Gens.Rng()
           select (l, x, seed);

    [Fact]
    public void ShapeMismatchNamesPositionKindAndBothShapes()
    {
        var net = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 128), new Linear(256, 10));
        var e = Assert.Throws<ShapeMismatchException>(() => net.Init<double>(Shape.Of(-1, 784), new Rng(0)));
        Assert.Contains("layer 3 Linear(256 -> 10) expects 256 input features, got 128", e.Message);
        Assert.Equal("3", e.Position);

        // The same error from a forward call, with parameters made layer by layer.
        var shapes = new[] { Shape.Of(2, 784), Shape.Of(2, 128), Shape.Of(2, 128), Shape.Of(2, 256) };
        var inits = net.Layers.Select((l, i) => l.Init<double>(shapes[i], new Rng(1))).ToArray();
        var p = new TreeList<double>(inits.Select(i => i.Params).ToArray());
        var st = new TreeList<double>(inits.Select(i => i.State).ToArray());
        var ef = Assert.Throws<ShapeMismatchException>(() => net.Forward(p, st, Tensor.Zeros<double>(2, 784), Context.Eval));
        Assert.Contains("layer 3 Linear(256 -> 10) expects 256 input features, got 128", ef.Message);
        Assert.Contains("[2, 128]", ef.Message);
    }

    [Fact]
    public void NestedShapeMismatchNamesTheDottedPosition()
    {
        var net = new Sequential(new Linear(8, 8), new Parallel(Merge.Concat, new Identity(), new Sequential(new Tanh(), new Linear(4, 2))));
        var e = Assert.Throws<ShapeMismatchException>(() => net.Init<double>(Shape.Of(-1, 8), new Rng(0)));
        Assert.StartsWith("layer 1.1.1 Linear(4 -> 2) expects 4 input features, got 8", e.Message);
    }

    [Fact]
    public void ParametersAreNamedAsInAPyTorchStateDict()
    {
        var net = new Linear(3, 4).Then(new Tanh()).Then(new Linear(4, 2, bias: false));
        Assert.Equal(["0.weight", "0.bias", "2.weight"], net.Init<double>(Shape.Of(-1, 3), new Rng(0)).Params.Paths());
    }
}
