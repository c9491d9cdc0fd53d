using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Tensors;

namespace Functional.Tests.Layers.Activations;

public class UnflattenTests
{
    [Property(MaxTest = 100)]
    public Property Gradients() => GradientProperty.ForLayer(s => new Unflatten(-1, 1, s[-1]), Gens.Shape(1, 3));

    [Fact]
    public void UndoesFlatten()
    {
        var x = Tensor.Arange<double>(2 * 3 * 4 * 5).Reshape(2, 3, 4, 5);
        var net = new Flatten().Then(new Unflatten(1, 3, 4, 5));
        var init = net.Init<double>(x.Shape, new Rng(0));
        Assert.Equal(x.Shape, init.Output);
        var y = net.Forward(init.Params, init.State, x, Context.Eval).Output;
        TensorAssert.Exact(y, x.ToDoubleArray(), 2, 3, 4, 5);
    }

    [Fact]
    public void InfersOneSizeAndKeepsAnUnknownBatch()
    {
        Assert.Equal(Shape.Of(-1, 1, 28, 28), new Unflatten(1, 1, -1, 28).OutputShape(Shape.Of(-1, 784)));
        Assert.Equal(Shape.Of(2, 3, 5), new Unflatten(0, 2, 3).OutputShape(Shape.Of(6, 5)));
    }

    [Fact]
    public void SizesThatDoNotMultiplyToTheDimensionNameBoth()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => new Unflatten(1, 3, 3).OutputShape(Shape.Of(4, 10)));
        Assert.Contains("Unflatten(1, [3, 3])", e.Message);
        Assert.Contains("multiply to 9", e.Message);
        Assert.Contains("[4, 10]", e.Message);
    }

    [Fact]
    public void PullbackReshapesTheGradientBack()
    {
        var x = Tensor.Arange<double>(12).Reshape(3, 4);
        var fwd = new Unflatten(1, 2, 2).Forward(Tree.Empty<double>(), Tree.Empty<double>(), x, Context.Eval);
        Assert.Equal(Shape.Of(3, 2, 2), fwd.Output.Shape);
        Assert.Equal(Shape.Of(3, 4), fwd.Pullback(fwd.Output).Input!.Shape);
    }
}
