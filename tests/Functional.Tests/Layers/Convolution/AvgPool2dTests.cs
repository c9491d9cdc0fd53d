using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Tensors;
using static Functional.Tests.Layers.Convolution.ConvolutionInputs;
using R = Functional.Tests.Layers.Convolution.TorchReference;

namespace Functional.Tests.Layers.Convolution;

public class AvgPool2dTests
{
    private static Gen<LayerCase> Cases =>
        from n in Gen.Choose(1, 2)
        from c in Gen.Choose(1, 3)
        from k in Gen.Choose(1, 3).Two()
        from s in Gen.Choose(1, 3).Two()
        from ph in Gen.Choose(0, k.Item1 / 2)
        from pw in Gen.Choose(0, k.Item2 / 2)
        from ceil in Gen.Elements(false, true)
        from include in Gen.Elements(false, true)
        from divisor in Gen.Elements<int?>(null, null, 3)
        from h in Gen.Choose(0, 4).Select(e => MinSize(k.Item1, 1, ph) + e)
        from w in Gen.Choose(0, 4).Select(e => MinSize(k.Item2, 1, pw) + e)
        from x in Gens.Tensor(Shape.Of(n, c, h, w))
        from seed in Gens.Rng()
        select new LayerCase(new AvgPool2d(k, s, (ph, pw), ceil, include, divisor), x, seed, Context.Eval);

    [Property(MaxTest = 100)]
    public Property Gradients() => GradientProperty.ForLayer(Cases);

    [Fact]
    public void CountIncludePadFalseMatchesPyTorch()
        => MatchesTorch(new AvgPool2d(3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false), Sin([1, 2, 5, 7]),
            R.AvgExclShape, R.AvgExclOut, R.AvgExclDX);

    [Fact]
    public void CountIncludePadTrueMatchesPyTorch()
        => MatchesTorch(new AvgPool2d(3, stride: 2, padding: 1, ceilMode: true), Sin([1, 2, 5, 7]), R.AvgInclShape, R.AvgInclOut, R.AvgInclDX);

    [Fact]
    public void DivisorOverrideMatchesPyTorch()
        => MatchesTorch(new AvgPool2d((2, 3), (2, 1), (1, 1), divisorOverride: 4), Sin([1, 1, 5, 6]), R.AvgDivShape, R.AvgDivOut, R.AvgDivDX);

    [Fact]
    public void TwoByTwoIsTheMeanOfEachBlock()
    {
        var x = Tensor.FromArray(Enumerable.Range(0, 16).Select(i => (double)i).ToArray(), 1, 1, 4, 4);
        var y = new AvgPool2d(2).Forward(Tree.Empty<double>(), Tree.Empty<double>(), x, Context.Eval).Output;
        TensorAssert.Exact(y, [2.5, 4.5, 10.5, 12.5], 1, 1, 2, 2);
    }
}
