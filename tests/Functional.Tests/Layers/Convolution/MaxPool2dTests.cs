using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Tensors;
using static Functional.Tests.Layers.Convolution.ConvolutionInputs;
using R = Functional.Tests.Layers.Convolution.TorchReference;

namespace Functional.Tests.Layers.Convolution;

public class MaxPool2dTests
{
    /// <summary>
    /// Random windows (padding at most half the kernel, as PyTorch requires) on inputs with distinct values, at least as
    /// large as the dilated kernel so that every window holds an input element.
    /// </summary>
    private static Gen<LayerCase> Cases =>
        from n in Gen.Choose(1, 2)
        from c in Gen.Choose(1, 3)
        from k in Gen.Choose(1, 3).Two()
        from s in Gen.Choose(1, 3).Two()
        from ph in Gen.Choose(0, k.Item1 / 2)
        from pw in Gen.Choose(0, k.Item2 / 2)
        from d in Gen.Choose(1, 2).Two()
        from ceil in Gen.Elements(false, true)
        from h in Gen.Choose(0, 4).Select(e => MinSize(k.Item1, d.Item1, 0) + e)
        from w in Gen.Choose(0, 4).Select(e => MinSize(k.Item2, d.Item2, 0) + e)
        from x in Distinct(Shape.Of(n, c, h, w))
        from seed in Gens.Rng()
        select new LayerCase(new MaxPool2d(k, s, (ph, pw), d, ceil), x, seed, Context.Eval);

    [Property(MaxTest = 100)]
    public Property Gradients() => GradientProperty.ForLayer(Cases);

    [Fact]
    public void TiesSendTheGradientToTheFirstElementInScanOrder()
    {
        MatchesTorch(new MaxPool2d(2, stride: 1), Tensor.Ones<double>(1, 1, 4, 4), R.MaxTieShape, R.MaxTieOut, R.MaxTieDX);
        var x = Tensor.FromArray(Enumerable.Range(0, 25).Select(i => new[] { 0.0, 1, 1, 0, 1 }[i % 5]).ToArray(), 1, 1, 5, 5);
        MatchesTorch(new MaxPool2d(3, stride: 2, padding: 1), x, R.MaxTie2Shape, R.MaxTie2Out, R.MaxTie2DX);
    }

    [Fact]
    public void PaddingDilationAndCeilModeMatchPyTorch()
        => MatchesTorch(new MaxPool2d(3, stride: 2, padding: 1, dilation: 2, ceilMode: true), Sin([1, 2, 7, 6]), R.MaxPadShape, R.MaxPadOut, R.MaxPadDX);

    [Fact]
    public void AsymmetricWindowMatchesPyTorch()
        => MatchesTorch(new MaxPool2d((2, 3), (1, 2), ceilMode: true), Sin([2, 1, 5, 7]), R.MaxAsymShape, R.MaxAsymOut, R.MaxAsymDX);

    [Fact]
    public void PaddingNeverWinsAgainstNegativeValues()
    {
        var x = Tensor.Full(-5.0, 1, 1, 2, 2);
        var y = new MaxPool2d(2, stride: 1, padding: 1).Forward(Tree.Empty<double>(), Tree.Empty<double>(), x, Context.Eval).Output;
        TensorAssert.Exact(y, Enumerable.Repeat(-5.0, 9).ToArray(), 1, 1, 3, 3);
    }

    [Fact]
    public void NaNWinsItsWindow()
    {
        var x = Tensor.FromArray(new[] { 1.0, double.NaN, 3, 4 }, 1, 1, 2, 2);
        var (y, g) = Run(new MaxPool2d(2), Tree.Empty<double>(), x);
        Assert.True(double.IsNaN(y.Span[0]));
        Assert.Equal([0.0, Math.Sin(0.5), 0, 0], g.Input!.ToArray());
    }

    [Fact]
    public void AWindowOfPaddingOnlyGivesMinusInfinityAndNoGradient()
    {
        // kernel 2 with dilation 2 and padding 1 on one row: the taps are rows -1 and 1, both outside the input
        var (y, g) = Run(new MaxPool2d((2, 1), (2, 1), (1, 0), (2, 1)), Tree.Empty<double>(), Tensor.FromArray(new[] { 1.0, 2.0 }, 1, 1, 1, 2));
        Assert.Equal([double.NegativeInfinity, double.NegativeInfinity], y.ToArray());
        Assert.Equal([0.0, 0.0], g.Input!.ToArray());
    }

    [Fact]
    public void StrideDefaultsToKernelAndShapesFollow()
    {
        var pool = new MaxPool2d(2);
        Assert.Equal((2, 2), pool.Stride);
        Assert.Equal(Shape.Of(-1, 3, 14, 14), pool.OutputShape(Shape.Of(-1, 3, 28, 28)));
        Assert.Equal(Shape.Of(3, 4, 4), new MaxPool2d(2, ceilMode: true).OutputShape(Shape.Of(3, 7, 7)));
    }

    [Fact]
    public void PaddingAboveHalfTheKernelIsRejected()
        => Assert.Contains("padding must be at most half", Assert.Throws<ArgumentException>(() => new MaxPool2d(2, padding: 2)).Message);

    [Fact]
    public void WindowLargerThanInputNamesSizes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => new MaxPool2d(3).OutputShape(Shape.Of(1, 1, 2, 5)));
        Assert.Contains("MaxPool2d(kernel 3x3)", e.Message);
        Assert.Contains("[1, 1, 2, 5]", e.Message);
    }
}
