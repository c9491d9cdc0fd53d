using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Activations;

public class FlattenTests
{
    /// <summary>A valid (start, end) pair for rank <paramref name="rank"/>, each possibly negative.</summary>
    private static Gen<Layer> FlattenFor(Shape s)
        => from a in Gen.Choose(0, s.Rank - 1)
           from b in Gen.Choose(a, s.Rank - 1)
           from negA in Gen.Elements(false, true)
           from negB in Gen.Elements(false, true)
           select (Layer)new Flatten(negA ? a - s.Rank : a, negB ? b - s.Rank : b);

    [Property(MaxTest = 100)]
    public Property Gradients() => GradientProperty.ForLayer(FlattenFor, Gens.Shape(1, 4));

    [Property(MaxTest = 100)]
    public Property KeepsElementsInOrderAndMultipliesDimensions()
        => Prop.ForAll(Arb.From(Gens.Shape(1, 4).SelectMany(s => FlattenFor(s).SelectMany(l => Gens.Tensor(s), (l, x) => (l, x)))), c =>
        {
            var (layer, x) = c;
            var f = (Flatten)layer;
            var y = f.Forward(x).Output;
            int s = x.Shape.Axis(f.StartDim), e = x.Shape.Axis(f.EndDim);
            Assert.Equal(x.Rank - (e - s), y.Rank);
            Assert.Equal(x.Shape.Product(s, e + 1), y.Shape[s]);
            Assert.Equal(x.ToArray(), y.ToArray());
            Assert.Equal(y.Shape, layer.OutputShape(x.Shape));
        });

    [Fact]
    public void DefaultFlattensAllButTheBatchDimension()
        => Assert.Equal(Shape.Of(-1, 48), new Flatten().OutputShape(Shape.Of(-1, 3, 4, 4)));
}
