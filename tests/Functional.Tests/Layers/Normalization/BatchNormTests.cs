namespace Functional.Tests.Layers.Normalization;

public class BatchNormTests
{
    private static Tensor<double> Input(ulong seed, params int[] shape) => Tensor.Randn<double>(new Rng(seed), shape) * 2.0 + 1.0;

    [Fact]
    public void InitHasPyTorchNamesAndValues()
    {
        var init = new BatchNorm1d(4).Init<double>(Shape.Of(-1, 4), new Rng(0));
        Assert.Equal(["weight", "bias"], init.Params.Paths());
        Assert.Equal(["running_mean", "running_var", "num_batches_tracked"], init.State.Paths());
        var p = Assert.IsType<WeightBias<double>>(init.Params);
        Assert.Equal([1.0, 1, 1, 1], p.Weight.ToArray());
        Assert.Equal([0.0, 0, 0, 0], p.Bias!.ToArray());
        var s = Assert.IsType<RunningStats<double>>(init.State);
        Assert.Equal([0.0, 0, 0, 0], s.RunningMean.ToArray());
        Assert.Equal([1.0, 1, 1, 1], s.RunningVar.ToArray());
        Assert.Equal(Shape.Scalar, s.NumBatchesTracked.Shape);
        Assert.Equal(0.0, s.NumBatchesTracked.Item());
        Assert.Equal(Shape.Of(-1, 4), init.Output);
    }

    [Fact]
    public void WithoutAffineOrTrackingTheTreesAreEmpty()
    {
        var init = new BatchNorm2d(3, affine: false, trackRunningStats: false).Init<float>(Shape.Of(2, 3, 4, 4), new Rng(0));
        Assert.Empty(init.Params.Leaves());
        Assert.Empty(init.State.Leaves());
    }

    [Fact]
    public void ShapeErrorsNameTheLayer()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => new BatchNorm1d(6).Init<double>(Shape.Of(4, 5), new Rng(0)));
        Assert.Equal("BatchNorm1d(6) expects 6 channels, got 5 (input shape [4, 5])", e.Message);
        e = Assert.Throws<ShapeMismatchException>(() => new BatchNorm2d(3).Init<double>(Shape.Of(2, 3, 4), new Rng(0)));
        Assert.Equal("BatchNorm2d(3) expects (N, C, H, W) input, got shape [2, 3, 4]", e.Message);
        e = Assert.Throws<ShapeMismatchException>(() => new BatchNorm1d(3).Init<double>(Shape.Of(2, 3, 4, 5), new Rng(0)));
        Assert.Equal("BatchNorm1d(3) expects (N, C) or (N, C, L) input, got shape [2, 3, 4, 5]", e.Message);
        e = Assert.Throws<ShapeMismatchException>(() => Nn.Linear(3, 5).Then(Nn.BatchNorm1d(4)).Init<double>(Shape.Of(-1, 3), new Rng(0)));
        Assert.Equal("layer 1 BatchNorm1d(4) expects 4 channels, got 5 (input shape [-1, 5])", e.Message);
    }

    [Fact]
    public void ToStringShowsOnlyNonDefaultOptions()
    {
        Assert.Equal("BatchNorm1d(6)", Nn.BatchNorm1d(6).ToString());
        Assert.Equal("BatchNorm2d(3, eps=0.001, momentum=null, affine=false, track_running_stats=false)",
            Nn.BatchNorm2d(3, 1e-3, null, false, false).ToString());
    }

    [Fact]
    public void TrainReturnsNewStateWithoutChangingTheOldOne_EvalReturnsTheSameState()
    {
        var bn = new BatchNorm1d(3);
        var init = bn.Init<double>(Shape.Of(-1, 3), new Rng(0));
        var x = Input(1, 5, 3);
        var train = bn.Forward(init.Params, init.State, x, Context.Train(0));
        var before = Assert.IsType<RunningStats<double>>(init.State);
        Assert.Equal([0.0, 0, 0], before.RunningMean.ToArray());
        Assert.Equal(0.0, before.NumBatchesTracked.Item());
        Assert.Equal(1.0, Assert.IsType<RunningStats<double>>(train.State).NumBatchesTracked.Item());
        var eval = bn.Forward(init.Params, train.State, x, Context.Eval);
        Assert.Same(train.State, eval.State);
    }

    [Fact]
    public void MomentumNullIsACumulativeAverage()
    {
        var bn = new BatchNorm1d(2, momentum: null);
        var init = bn.Init<double>(Shape.Of(-1, 2), new Rng(0));
        var a = Tensor.FromArray(new double[,] { { 1, 10 }, { 3, 20 } });      // means 2, 15; unbiased variances 2, 50
        var b = Tensor.FromArray(new double[,] { { 5, 0 }, { 5, 4 }, { 8, 2 } }); // means 6, 2; unbiased variances 3, 4
        var s1 = bn.Forward(init.Params, init.State, a, Context.Train(0)).State;
        var s2 = Assert.IsType<RunningStats<double>>(bn.Forward(init.Params, s1, b, Context.Train(0)).State);
        Assert.Equal([4.0, 8.5], s2.RunningMean.ToArray());
        Assert.Equal([2.5, 27.0], s2.RunningVar.ToArray());
        Assert.Equal(2.0, s2.NumBatchesTracked.Item());
    }

    [Fact]
    public void WithoutTrackingBatchStatisticsAreUsedInBothModes()
    {
        var bn = new BatchNorm2d(2, trackRunningStats: false);
        var init = bn.Init<double>(Shape.Of(-1, 2, 3, 3), new Rng(0));
        var x = Input(2, 4, 2, 3, 3);
        var train = bn.Forward(init.Params, init.State, x, Context.Train(0));
        var eval = bn.Forward(init.Params, init.State, x, Context.Eval);
        Assert.Equal(train.Output.ToArray(), eval.Output.ToArray());
        Assert.Empty(eval.State.Leaves());
        Assert.Equal(train.Pullback(x).Input!.ToArray(), eval.Pullback(x).Input!.ToArray());
    }

    [Fact]
    public void TrainOutputHasZeroMeanAndUnitVariancePerChannel()
    {
        var bn = new BatchNorm1d(3, eps: 0, affine: false);
        var init = bn.Init<double>(Shape.Of(-1, 3, 7), new Rng(0));
        var y = bn.Forward(init.Params, init.State, Input(3, 4, 3, 7), Context.Train(0)).Output;
        for (var c = 0; c < 3; c++)
        {
            var v = Enumerable.Range(0, 4).SelectMany(n => Enumerable.Range(0, 7).Select(l => y[n, c, l])).ToArray();
            Assert.Equal(0.0, v.Average(), 12);
            Assert.Equal(1.0, v.Select(t => t * t).Average(), 12);
        }
    }

    [Fact]
    public void OneValuePerChannelIsAnErrorInTraining()
    {
        var bn = new BatchNorm1d(3);
        var init = bn.Init<double>(Shape.Of(-1, 3), new Rng(0));
        var e = Assert.Throws<ArgumentException>(() => bn.Forward(init.Params, init.State, Input(0, 1, 3), Context.Train(0)));
        Assert.Contains("BatchNorm1d(3) expects more than 1 value per channel when training", e.Message);
        Assert.Equal(Shape.Of(1, 3), bn.Forward(init.Params, init.State, Input(0, 1, 3), Context.Eval).Output.Shape);
    }

    [Fact]
    public void FloatAgreesWithDouble()
    {
        var bn = new BatchNorm2d(3);
        var init = bn.Init<double>(Shape.Of(-1, 3, 4, 5), new Rng(0));
        var p = new WeightBias<double>(Tensor.FromArray(new[] { 0.5, -2.0, 1.5 }), Tensor.FromArray(new[] { 0.1, 0.2, -0.3 }));
        var x = Input(4, 2, 3, 4, 5);
        var d = bn.Forward(p, init.State, x, Context.Train(0));
        var pf = new WeightBias<float>(p.Weight.Cast<float>(), p.Bias!.Cast<float>());
        var f = bn.Forward(pf, bn.Init<float>(x.Shape, new Rng(0)).State, x.Cast<float>(), Context.Train(0));
        var dy = Input(5, 2, 3, 4, 5);
        var (dd, df) = (d.Pullback(dy).Input!.ToArray(), f.Pullback(dy.Cast<float>()).Input!.ToDoubleArray());
        var (yd, yf) = (d.Output.ToArray(), f.Output.ToDoubleArray());
        for (var i = 0; i < yd.Length; i++)
        {
            Assert.Equal(yd[i], yf[i], 1e-5);
            Assert.Equal(dd[i], df[i], 1e-4);
        }
    }

    [Fact]
    public void LengthAndSpatialLayoutsAgree()
    {
        // BatchNorm1d on (N, C, L) normalizes exactly as BatchNorm2d on (N, C, L, 1).
        var x = Input(6, 3, 2, 5);
        var (b1, b2) = (new BatchNorm1d(2), new BatchNorm2d(2));
        var i1 = b1.Init<double>(x.Shape, new Rng(0));
        var y1 = b1.Forward(i1.Params, i1.State, x, Context.Train(0));
        var y2 = b2.Forward(i1.Params, i1.State, x.Reshape(3, 2, 5, 1), Context.Train(0));
        Assert.Equal(y1.Output.ToArray(), y2.Output.ToArray());
        Assert.Equal(y1.State.Flatten(), y2.State.Flatten());
    }
}
