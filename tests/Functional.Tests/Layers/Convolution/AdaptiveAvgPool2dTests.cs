using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Tensors;
using static Functional.Tests.Layers.Convolution.ConvolutionInputs;
using R = Functional.Tests.Layers.Convolution.TorchReference;

namespace Functional.Tests.Layers.Convolution;

public class AdaptiveAvgPool2dTests
{
    private static Gen<LayerCase> Cases =>
        from shape in Gens.ShapeOfRank(4, maxDim: 7, maxSize: 200)
        from o in Gen.Choose(1, 8).Two()
        from x in Gens.Tensor(shape)
        from seed in Gens.Rng()
        select new LayerCase(new AdaptiveAvgPool2d(o), x, seed, Context.Eval);

    [Property(MaxTest = 100)]
    public Property Gradients() => GradientProperty.ForLayer(Cases);

    [Fact]
    public void UnevenWindowsMatchPyTorch()
    {
        MatchesTorch(new AdaptiveAvgPool2d((3, 2)), Sin([1, 2, 5, 7]), R.Adapt32Shape, R.Adapt32Out, R.Adapt32DX);
        MatchesTorch(new AdaptiveAvgPool2d((4, 5)), Sin([1, 1, 5, 7]), R.Adapt45Shape, R.Adapt45Out, R.Adapt45DX);
    }

    [Fact]
    public void OneByOneIsTheMeanOfEachChannel()
    {
        var x = Sin([2, 3, 4, 5]);
        var y = new AdaptiveAvgPool2d(1).Forward(Tree.Empty<double>(), Tree.Empty<double>(), x, Context.Eval).Output;
        var means = Enumerable.Range(0, 6).Select(pl => x.ToArray().Skip(pl * 20).Take(20).Average()).ToArray();
        TensorAssert.Close(y, means, [2, 3, 1, 1]);
        Assert.Equal(Shape.Of(-1, 3, 1, 1), new AdaptiveAvgPool2d(1).OutputShape(Shape.Of(-1, 3, 7, 7)));
    }
}
