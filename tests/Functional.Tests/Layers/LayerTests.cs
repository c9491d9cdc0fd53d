using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers;

/// <summary>The layer contract for every layer: forward and pullback are pure.</summary>
public class LayerTests
{
    /// <summary>Every primitive and combinator, built for <paramref name="s"/>.</summary>
    private static Gen<Layer> AnyLayer(Shape s)
    {
        var d = s[-1];
        return Gen.OneOf(
            Gen.Choose(1, 4).Select(k => (Layer)new Linear(d, k)),
            Gen.Choose(1, 4).Select(k => (Layer)new Linear(d, k, bias: false)),
            Gen.Elements<Layer>(new Identity(), new ReLU(), new LeakyReLU(0.1), new Sigmoid(), new Tanh(), new Flatten(0, -1)),
            Gens.Dim(s.Rank).Select(a => (Layer)new Softmax(a)),
            Gens.Dim(s.Rank).Select(a => (Layer)new LogSoftmax(a)),
            Pools.Chain(d).Select(l => (Layer)new Sequential(l)),
            Gen.Constant((Layer)new Residual(new Sequential(new Linear(d, 3), new Tanh(), new Linear(3, d)))),
            Gen.Choose(1, 3).Select(k => (Layer)new Parallel(Merge.Concat, new Linear(d, k), new Tanh())),
            Gen.Choose(1, 3).Select(k => (Layer)new Parallel(Merge.Sum, new Linear(d, k), new Linear(d, k, bias: false))));
    }

    [Property(MaxTest = 100)]
    public Property PullbackIsPureAndNothingIsMutated()
        => Prop.ForAll(Arb.From(GradientProperty.Cases(AnyLayer, Pools.Inputs())), c =>
        {
            var init = c.Layer.Init<double>(c.Input.Shape, c.Seed);
            var x = c.Input.ToArray();
            var p = init.Params.Flatten();
            var f = c.Layer.Forward(init.Params, init.State, c.Input, c.Context);
            var again = c.Layer.Forward(init.Params, init.State, c.Input, c.Context);
            TensorAssert.Equal(f.Output, again.Output, $"{c.Layer}: a second forward call");
            var dy = Gens.TensorFrom(c.Seed.Fold(5), f.Output.Shape);
            var dyCopy = dy.ToArray();
            var g1 = f.Pullback(dy);
            var g2 = f.Pullback(dy);
            TensorAssert.Equal(g1.Input, g2.Input, $"{c.Layer}: input gradient of a second pullback call");
            TensorAssert.Equal(g1.Params, g2.Params, $"{c.Layer}: parameter gradients of a second pullback call");
            Assert.Equal(x, c.Input.ToArray());
            Assert.Equal(p, init.Params.Flatten());
            Assert.Equal(dyCopy, dy.ToArray());
            Assert.Equal(init.Params.Paths(), g1.Params.Paths());
            Assert.Equal(init.Output, f.Output.Shape);
        });
}
