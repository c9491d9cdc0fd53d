using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Combinators;

public class ResidualTests
{
    /// <summary>Shape-preserving inner layers for <paramref name="d"/> features.</summary>
    private static Gen<Layer> InnerFor(int d)
        => Gen.Choose(0, 4).SelectMany(kind => Gen.Choose(1, 5), (kind, h) => kind switch
        {
            0 => (Layer)new Linear(d, d),
            1 => new Linear(d, d, bias: false),
            2 => new Tanh(),
            3 => new Softmax(-1),
            _ => new Sequential(new Linear(d, h), new Tanh(), new Linear(h, d)),
        });

    [Property(MaxTest = 100)]
    public Property Gradients() => GradientProperty.ForLayer(s => InnerFor(s[-1]).Select(f => (Layer)new Residual(f)), Pools.Inputs());

    [Property(MaxTest = 100)]
    public Property IsInputPlusInnerWithTheInnerParameterNames()
        => Prop.ForAll(Arb.From(
            from s in Pools.Inputs()
            from f in InnerFor(s[-1])
            from x in Gens.Tensor(s)
            from seed in Gens.Rng()
            select (f, x, seed)), t =>
        {
            var (f, x, seed) = t;
            var r = new Residual(f);
            var init = r.Init<double>(x.Shape, seed);
            Assert.Equal(f.Init<double>(x.Shape, seed).Params.Paths(), init.Params.Paths());
            var inner = f.Forward(init.Params, init.State, x, Context.Eval).Output;
            TensorAssert.Equal(x + inner, r.Forward(init.Params, init.State, x, Context.Eval).Output, "Residual(f)(x) against x + f(x)");
        });

    [Fact]
    public void RejectsAnInnerLayerThatChangesTheShape()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => new Residual(new Linear(3, 4)).Init<double>(Shape.Of(2, 3), new Rng(0)));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[2, 4]", e.Message);
    }
}
