using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Tensors;
using static Functional.Tests.Layers.Convolution.ConvolutionInputs;
using R = Functional.Tests.Layers.Convolution.TorchReference;

namespace Functional.Tests.Layers.Convolution;

public class Conv2dTests
{
    /// <summary>Random convolutions: channels, kernel, stride, padding and dilation per dimension, on inputs just big enough or a little bigger.</summary>
    private static Gen<LayerCase> Cases(bool bias) =>
        from n in Gen.Choose(1, 2)
        from c in Gen.Choose(1, 3)
        from o in Gen.Choose(1, 3)
        from k in Gen.Choose(1, 3).Two()
        from s in Gen.Choose(1, 3).Two()
        from p in Gen.Choose(0, 2).Two()
        from d in Gen.Choose(1, 2).Two()
        from h in Gen.Choose(0, 4).Select(e => MinSize(k.Item1, d.Item1, p.Item1) + e)
        from w in Gen.Choose(0, 4).Select(e => MinSize(k.Item2, d.Item2, p.Item2) + e)
        from x in Gens.Tensor(Shape.Of(n, c, h, w))
        from seed in Gens.Rng()
        select new LayerCase(new Conv2d(c, o, k, s, p, d, bias), x, seed, Context.Eval);

    [Property(MaxTest = 100)]
    public Property GradientsWithBias() => GradientProperty.ForLayer(Cases(true));

    [Property(MaxTest = 100)]
    public Property GradientsWithoutBias() => GradientProperty.ForLayer(Cases(false));

    [Fact]
    public void GradientLeavesAreNamedAsInPyTorch()
    {
        var report = GradCheck.Assert(GradCheck.Layer(new Conv2d(2, 3, 3, stride: 2, padding: 1), Shape.Of(2, 2, 5, 6), new Rng(4)));
        Assert.Equal(["weight", "bias", "input"], report.Leaves.Select(l => l.Name));
    }

    public static TheoryData<string> TorchCases => new() { "A", "B", "C" };

    /// <summary>Odd sizes, stride 2, padding 2 and a 2x3 kernel (A); dilation 2 (B); per-dimension stride, padding and dilation without bias (C).</summary>
    [Theory]
    [MemberData(nameof(TorchCases))]
    public void MatchesPyTorch(string name)
    {
        var (conv, input, shape, output, dw, db, dx) = name switch
        {
            "A" => (new Conv2d(2, 3, (2, 3), (2, 2), (2, 2)), new[] { 2, 2, 5, 7 }, R.AShape, R.AOut, R.ADW, R.ADB, R.ADX),
            "B" => (new Conv2d(2, 2, 3, stride: 1, padding: 1, dilation: 2), new[] { 1, 2, 7, 6 }, R.BShape, R.BOut, R.BDW, R.BDB, R.BDX),
            _ => (new Conv2d(1, 2, (3, 2), (2, 1), (0, 1), (1, 2), bias: false), new[] { 1, 1, 6, 5 }, R.CShape, R.COut, R.CDW, null, R.CDX),
        };
        var (kh, kw) = conv.KernelSize;
        var weight = Weight(conv.OutChannels, conv.InChannels, kh, kw);
        var p = new WeightBias<double>(weight, conv.HasBias ? Bias(conv.OutChannels) : null);
        var (y, g) = Run(conv, p, Sin(input));
        TensorAssert.Close(y, output, shape);
        var grads = Assert.IsType<WeightBias<double>>(g.Params);
        TensorAssert.Close(grads.Weight, dw, weight.Shape.ToArray());
        if (db is null) Assert.Null(grads.Bias);
        else TensorAssert.Close(grads.Bias!, db, [conv.OutChannels]);
        TensorAssert.Close(g.Input!, dx, input);
    }

    [Fact]
    public void OneByOneKernelIsAPerPixelLinear()
    {
        var conv = new Conv2d(3, 4, 1);
        var init = conv.Init<double>(Shape.Of(2, 3, 5, 6), new Rng(8));
        var p = (WeightBias<double>)init.Params;
        var x = Gens.TensorFrom(new Rng(9), Shape.Of(2, 3, 5, 6));
        var dy = Gens.TensorFrom(new Rng(10), Shape.Of(2, 4, 5, 6));
        var fc = conv.Forward(p, init.State, x, Context.Eval);
        var gc = fc.Pullback(dy);

        var linear = new Linear(3, 4);
        var lp = new WeightBias<double>(p.Weight.Reshape(4, 3), p.Bias);
        var nhwc = Tensor.Permute(x, 0, 2, 3, 1);
        var fl = linear.Forward(lp, Tree.Empty<double>(), nhwc, Context.Eval);
        var gl = fl.Pullback(Tensor.Permute(dy, 0, 2, 3, 1));
        var lg = (WeightBias<double>)gl.Params;
        var cg = (WeightBias<double>)gc.Params;

        TensorAssert.Close(fc.Output, Tensor.Permute(fl.Output, 0, 3, 1, 2).ToDoubleArray(), [2, 4, 5, 6]);
        TensorAssert.Close(cg.Weight, lg.Weight.ToDoubleArray(), [4, 3, 1, 1]);
        TensorAssert.Close(cg.Bias!, lg.Bias!.ToDoubleArray(), [4]);
        TensorAssert.Close(gc.Input!, Tensor.Permute(gl.Input!, 0, 3, 1, 2).ToDoubleArray(), [2, 3, 5, 6]);
    }

    [Fact]
    public void UnbatchedInputIsABatchOfOne()
    {
        var conv = new Conv2d(2, 3, 3, stride: 2, padding: 1);
        var init = conv.Init<double>(Shape.Of(2, 7, 5), new Rng(1));
        Assert.Equal(Shape.Of(3, 4, 3), init.Output);
        var x = Sin([2, 7, 5]);
        var single = conv.Forward(init.Params, init.State, x, Context.Eval).Output;
        var batched = conv.Forward(init.Params, init.State, x.Reshape(1, 2, 7, 5), Context.Eval).Output;
        TensorAssert.Close(single, batched.ToDoubleArray(), [3, 4, 3], 0, 0);
    }

    /// <summary>A batch large enough for several chunks of images and the parallel im2col equals the images run one at a time.</summary>
    [Fact]
    public void LargeBatchEqualsImagesOneByOne()
    {
        var conv = new Conv2d(16, 4, 3, stride: 2, padding: 1);
        const int n = 30;
        var init = conv.Init<double>(Shape.Of(n, 16, 16, 16), new Rng(5));
        var x = Gens.TensorFrom(new Rng(6), Shape.Of(n, 16, 16, 16));
        var dy = Gens.TensorFrom(new Rng(7), Shape.Of(n, 4, 8, 8));
        var fwd = conv.Forward(init.Params, init.State, x, Context.Eval);
        var grads = fwd.Pullback(dy);
        var dw = new double[4 * 16 * 9];
        for (var i = 0; i < n; i++)
        {
            var xi = Tensor.FromArray(x.ToArray()[(i * 4096)..((i + 1) * 4096)], 1, 16, 16, 16);
            var dyi = Tensor.FromArray(dy.ToArray()[(i * 256)..((i + 1) * 256)], 1, 4, 8, 8);
            var fi = conv.Forward(init.Params, init.State, xi, Context.Eval);
            var gi = fi.Pullback(dyi);
            TensorAssert.Close(fi.Output, fwd.Output.ToArray()[(i * 256)..((i + 1) * 256)], [1, 4, 8, 8]);
            TensorAssert.Close(gi.Input!, grads.Input!.ToArray()[(i * 4096)..((i + 1) * 4096)], [1, 16, 16, 16]);
            var w = ((WeightBias<double>)gi.Params).Weight.ToArray();
            for (var j = 0; j < dw.Length; j++) dw[j] += w[j];
        }
        TensorAssert.Close(((WeightBias<double>)grads.Params).Weight, dw, [4, 16, 3, 3], 1e-10, 1e-10);
    }

    [Fact]
    public void InitIsKaimingUniformWithPyTorchBounds()
    {
        var conv = new Conv2d(4, 16, (3, 2));
        var init = conv.Init<double>(Shape.Of(-1, 4, 9, 9), new Rng(3));
        Assert.Equal(Shape.Of(-1, 16, 7, 8), init.Output);
        var p = (WeightBias<double>)init.Params;
        Assert.Equal(Shape.Of(16, 4, 3, 2), p.Weight.Shape);
        var bound = 1 / Math.Sqrt(4 * 3 * 2);
        Assert.All(p.Weight.ToArray().Concat(p.Bias!.ToArray()), v => Assert.InRange(v, -bound, bound));
        Assert.True(p.Weight.ToArray().Max() > 0.8 * bound && p.Weight.ToArray().Min() < -0.8 * bound, "weights should spread over the bound");
    }

    [Fact]
    public void WrongChannelCountNamesLayerAndShape()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => new Conv2d(1, 32, 3).Init<float>(Shape.Of(8, 3, 28, 28), new Rng(0)));
        Assert.Equal("Conv2d(1 -> 32, kernel 3x3) expects 1 input channels, got 3 (input shape [8, 3, 28, 28])", e.Message);
    }

    [Fact]
    public void KernelLargerThanPaddedInputNamesSizes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => new Conv2d(1, 2, 5, padding: 1).OutputShape(Shape.Of(1, 1, 2, 9)));
        Assert.Contains("Conv2d(1 -> 2, kernel 5x5, padding 1)", e.Message);
        Assert.Contains("larger than the padded input (4x11)", e.Message);
        Assert.Contains("[1, 1, 2, 9]", e.Message);
    }

    [Fact]
    public void RankOtherThanThreeOrFourIsAShapeError()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => new Conv2d(1, 2, 3).OutputShape(Shape.Of(4, 784)));
        Assert.Contains("expects (N, C, H, W) or (C, H, W) input, got shape [4, 784]", e.Message);
    }

    [Fact]
    public void FloatAndDoubleAgree()
    {
        var conv = new Conv2d(3, 5, 3, stride: 2, padding: 1);
        var init = conv.Init<double>(Shape.Of(2, 3, 9, 8), new Rng(2));
        var x = Sin([2, 3, 9, 8]);
        var yd = conv.Forward(init.Params, init.State, x, Context.Eval).Output;
        var pd = (WeightBias<double>)init.Params;
        var pf = new WeightBias<float>(pd.Weight.Cast<float>(), pd.Bias!.Cast<float>());
        var yf = conv.Forward(pf, Tree.Empty<float>(), x.Cast<float>(), Context.Eval).Output;
        TensorAssert.Close(yf, yd.ToDoubleArray(), yd.Shape.ToArray(), 1e-5, 1e-5);
    }
}

internal static class GenPairs
{
    /// <summary>Two independent draws, as a (height, width) pair.</summary>
    public static Gen<(int, int)> Two(this Gen<int> g) => g.SelectMany(a => g, (a, b) => (a, b));
}
