using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Recurrent;

public class MapSeqTests
{
    [Property(MaxTest = 50)]
    public Property GradientsMatchFiniteDifferences()
        => GradientProperty.ForLayer(s => Gen.Choose(1, 4).Select(k => (Layer)new MapSeq(new Linear(s[2], k).Then(new Tanh()))), Rec.Sequences());

    [Property(MaxTest = 30)]
    public Property AppliesTheLayerAtEveryStep()
        => Prop.ForAll(Arb.From(from s in Rec.Sequences() from x in Gens.Tensor(s) from seed in Gens.Rng() select (x, seed)), t =>
        {
            var (x, seed) = t;
            var inner = new Linear(x.Shape[2], 3);
            var layer = new MapSeq(inner);
            var init = layer.Init<double>(x.Shape, seed);
            Assert.Equal(["weight", "bias"], init.Params.Paths());
            var y = layer.Forward(init.Params, init.State, x, Context.Eval).Output;
            Assert.Equal(Shape.Of(x.Shape[0], x.Shape[1], 3), y.Shape);
            for (var b = 0; b < x.Shape[0]; b++)
                for (var s = 0; s < x.Shape[1]; s++)
                {
                    var row = Tensor.FromArray(x.Span.Slice((b * x.Shape[1] + s) * x.Shape[2], x.Shape[2]).ToArray(), 1, x.Shape[2]);
                    var expected = inner.Forward(init.Params, init.State, row, Context.Eval).Output;
                    for (var j = 0; j < 3; j++) Assert.Equal(expected[0, j], y[b, s, j], 12);
                }
        });
}
