using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Combinators;

public class NamedTests
{
    private static readonly string[] Words = ["encoder", "features", "head", "block", "rnn", "layers"];

    /// <summary>A random chain split into named parts, some parts wrapped in <see cref="Named"/>.</summary>
    private static Gen<Layer> NamedFor(Shape s)
        => from layers in Pools.Chain(s[-1])
           from cut in Gen.Choose(0, layers.Length)
           from wrap in Gen.Elements(false, true)
           from first in Gen.Elements(Words)
           select cut == 0 || cut == layers.Length
               ? (Layer)new Sequential(layers).Named(first)
               : new Sequential((first, wrap ? new Sequential(layers[..cut]).Named("inner") : new Sequential(layers[..cut])),
                                ("rest", new Sequential(layers[cut..])));

    [Property(MaxTest = 100)]
    public Property Gradients() => GradientProperty.ForLayer(NamedFor, Pools.Inputs());

    [Property(MaxTest = 50)]
    public Property GradientsInTrainMode() => GradientProperty.ForLayer(NamedFor, Pools.Inputs(), mode: Mode.Train);

    [Property(MaxTest = 100)]
    public Property NamingChangesNamesOnly()
        => Prop.ForAll(Arb.From(
            from s in Pools.Inputs()
            from layers in Pools.Chain(s[-1])
            from name in Gen.Elements(Words)
            from x in Gens.Tensor(s)
            from seed in Gens.Rng()
            select (layers, name, x, seed)), t =>
        {
            var (layers, name, x, seed) = t;
            var plain = new Sequential(layers);
            var named = plain.Named(name);
            var p = plain.Init<double>(x.Shape, seed);
            var n = named.Init<double>(x.Shape, seed);
            Assert.Equal(p.Params.Paths().Select(q => name + "." + q), n.Params.Paths());
            TensorAssert.Equal(p.Params, ((TreeList<double>)n.Params)[name], "the same initialization");
            var fp = plain.Forward(p.Params, p.State, x, Context.Eval);
            var fn = named.Forward(n.Params, n.State, x, Context.Eval);
            TensorAssert.Equal(fp.Output, fn.Output, "output");
            var dy = Gens.TensorFrom(seed.Fold(3), fp.Output.Shape);
            TensorAssert.Equal(fp.Pullback(dy).Params, ((TreeList<double>)fn.Pullback(dy).Params)[name], "parameter gradients");
        });

    [Property(MaxTest = 100)]
    public Property ThenIsAssociativeWithNamedSequencesAsUnits()
        => Prop.ForAll(Arb.From(
            from s in Pools.Inputs()
            from a in Pools.Smooth(s[-1])
            from b in Pools.Smooth(a.Out)
            from c in Pools.Smooth(b.Out)
            from x in Gens.Tensor(s)
            from seed in Gens.Rng()
            select (Layers: new Layer[] { new Sequential(("a", a.Layer)), b.Layer.Named("b"), new Sequential(c.Layer) }, x, seed)), t =>
        {
            var (l, x, seed) = t;
            var left = l[0].Then(l[1]).Then(l[2]);
            var right = l[0].Then(l[1].Then(l[2]));
            Assert.Equal(left.ToString(), right.ToString());
            Assert.Equal(3, left.Layers.Length);                      // a named sequence is kept whole, a positional one spliced
            var pl = left.Init<double>(x.Shape, seed);
            var pr = right.Init<double>(x.Shape, seed);
            Assert.Equal(pl.Params.Paths(), pr.Params.Paths());
            Assert.All(pl.Params.Paths(), p => Assert.Matches(@"^(0\.a|1\.b|2)\.", p));
            TensorAssert.Equal(pl.Params, pr.Params, "parameters");
            TensorAssert.Equal(left.Forward(pl.Params, pl.State, x, Context.Eval).Output,
                right.Forward(pr.Params, pr.State, x, Context.Eval).Output, "(a.Then(b)).Then(c) against a.Then(b.Then(c))");
        });

    [Fact]
    public void NamesComeFromTheStructure()
    {
        var net = Nn.Sequential(
            ("features", Nn.Sequential(Nn.Linear(4, 8), Nn.ReLU(), Nn.BatchNorm1d(8))),
            ("classifier", Nn.Linear(8, 2).Named("fc")));
        var init = net.Init<double>(Shape.Of(-1, 4), new Rng(0));
        Assert.Equal(["features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias", "classifier.fc.weight", "classifier.fc.bias"],
            init.Params.Paths());
        Assert.Equal(["features.2.running_mean", "features.2.running_var", "features.2.num_batches_tracked"], init.State.Paths());
        Assert.Equal<string>(["features", "classifier"], ((TreeList<double>)init.Params).Names);
        Assert.Equal("Sequential(features: Sequential(Linear(4 -> 8), ReLU(), BatchNorm1d(8)), classifier: fc: Linear(8 -> 2))", net.ToString());
        Assert.Equal(["features.0", "features.1", "features.2", "classifier.fc"], Summary.Rows(net, Shape.Of(-1, 4)).Select(r => r.Position));
    }

    [Fact]
    public void ShapeMismatchNamesTheNamedPosition()
    {
        var net = Nn.Sequential(("features", Nn.Sequential(Nn.Linear(4, 8), Nn.Linear(5, 2))), ("head", Nn.Linear(2, 1).Named("fc")));
        var e = Assert.Throws<ShapeMismatchException>(() => net.Init<double>(Shape.Of(-1, 4), new Rng(0)));
        Assert.Equal("features.1", e.Position);
        Assert.StartsWith("layer features.1 Linear(5 -> 2) expects 5 input features, got 8", e.Message);
        var e2 = Assert.Throws<ShapeMismatchException>(() => Nn.Linear(3, 1).Named("fc").Init<double>(Shape.Of(-1, 4), new Rng(0)));
        Assert.Equal("fc", e2.Position);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    public void BadNamesAreRejected(string name)
    {
        Assert.Throws<ArgumentException>(() => Nn.Linear(2, 2).Named(name));
        Assert.Throws<ArgumentException>(() => Nn.Sequential((name, Nn.Linear(2, 2))));
    }

    [Fact]
    public void DuplicateNamesAreRejected()
        => Assert.Contains("distinct", Assert.Throws<ArgumentException>(() => Nn.Sequential(("a", Nn.ReLU()), ("a", Nn.Tanh()))).Message);

    [Fact]
    public void ParametersUnderOtherNamesAreRejected()
    {
        var net = Nn.Sequential(("a", Nn.Linear(2, 2)));
        var other = Nn.Sequential(("b", Nn.Linear(2, 2))).Init<double>(Shape.Of(-1, 2), new Rng(0));
        var e = Assert.Throws<ArgumentException>(() => net.Forward(other.Params, other.State, Tensor.Zeros<double>(1, 2), Context.Eval));
        Assert.Contains("[a]", e.Message);
        Assert.Contains("[b]", e.Message);
        var named = Nn.Linear(2, 2).Named("fc");
        var wrong = Nn.Linear(2, 2).Named("out").Init<double>(Shape.Of(-1, 2), new Rng(0));
        Assert.Contains("'fc'", Assert.Throws<ArgumentException>(() => named.Forward(wrong.Params, wrong.State, Tensor.Zeros<double>(1, 2), Context.Eval)).Message);
    }
}
