using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Dense;

public class LinearTests
{
    private static Gen<Layer> LinearFor(Shape s, bool bias) => Gen.Choose(1, 5).Select(k => (Layer)new Linear(s[-1], k, bias));

    [Property(MaxTest = 100)]
    public Property GradientsWithBias() => GradientProperty.ForLayer(s => LinearFor(s, true), Gens.Shape(1, 4, maxSize: 200));

    [Property(MaxTest = 100)]
    public Property GradientsWithoutBias() => GradientProperty.ForLayer(s => LinearFor(s, false), Gens.Shape(1, 4, maxSize: 200));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GradientLeavesAreNamedAsInPyTorch(bool bias)
    {
        var report = GradCheck.Assert(GradCheck.Layer(new Linear(3, 2, bias), Shape.Of(4, 3), new Rng(11)));
        Assert.Equal(bias ? ["weight", "bias", "input"] : new[] { "weight", "input" }, report.Leaves.Select(l => l.Name));
    }

    [Fact]
    public void WrongFeatureCountNamesLayerAndBothSizes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => new Linear(4, 2).Forward(new Linear(4, 2).Init<double>(Shape.Of(1, 4), new Rng(0)).Params,
            Tree.Empty<double>(), Tensor.Zeros<double>(3, 5), Context.Eval));
        Assert.Contains("Linear(4 -> 2) expects 4 input features, got 5", e.Message);
        Assert.Contains("[3, 5]", e.Message);
    }

    [Fact]
    public void ForwardIsXTimesWeightTransposedPlusBias()
    {
        var p = new WeightBias<double>(Tensor.FromArray(new[,] { { 1.0, 2.0 }, { 3.0, 4.0 }, { 5.0, 6.0 } }), Tensor.FromArray(new[] { 0.5, -0.5, 1.0 }));
        var y = new Linear(2, 3).Forward(p, Tree.Empty<double>(), Tensor.FromArray(new[,] { { 1.0, -1.0 } }), Context.Eval).Output;
        TensorAssert.Equal(Tensor.FromArray(new[,] { { -0.5, -1.5, 0.0 } }), y, "Linear output");
    }
}
