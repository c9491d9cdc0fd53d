using Functional.Testing;
using FsCheck.Xunit;

namespace Functional.Tests.Layers.Regularization;

public class DropoutTests
{
    private static double P(byte b) => 0.05 + 0.9 * b / 255.0;

    [Property(MaxTest = 50)]
    public void EvalModeIsTheIdentity(byte pb, byte n, byte f, ulong seed)
    {
        var x = Tensor.Randn<double>(new Rng(seed), 1 + n % 5, 1 + f % 7);
        var dropout = new Dropout(P(pb));
        var fwd = dropout.Forward(Tree.Empty<double>(), Tree.Empty<double>(), x, Context.Eval);
        Assert.Same(x, fwd.Output);
        var dy = Tensor.Randn<double>(new Rng(seed + 1), x.Shape.ToArray());
        Assert.Same(dy, fwd.Pullback(dy).Input);
    }

    [Property(MaxTest = 50)]
    public void KeepRateIsOneMinusPAndKeptValuesAreScaled(byte pb, ulong seed)
    {
        const int size = 10_000;
        var p = P(pb);
        var x = Tensor.Randn<float>(new Rng(seed), size) + 3f;      // no zeros in the input
        var y = new Dropout(p).Forward(Tree.Empty<float>(), Tree.Empty<float>(), x, Context.Train(seed ^ 0xABCDEF)).Output;
        var scale = (float)(1.0 / (1.0 - p));
        var kept = 0;
        for (var i = 0; i < size; i++)
        {
            if (y.Span[i] == 0f) continue;
            kept++;
            Assert.Equal(x.Span[i] * scale, y.Span[i]);
        }
        var sigma = Math.Sqrt(size * p * (1 - p));
        Assert.InRange(kept, size * (1 - p) - 5 * sigma, size * (1 - p) + 5 * sigma);
    }

    [Property(MaxTest = 30)]
    public void TheSameKeyGivesTheSameMaskAndOtherKeysOthers(ulong seed)
    {
        var x = Tensor.Ones<double>(1000);
        var dropout = new Dropout(0.5);
        double[] Run(ulong s) => dropout.Forward(Tree.Empty<double>(), Tree.Empty<double>(), x, Context.Train(s)).Output.ToArray();
        Assert.Equal(Run(seed), Run(seed));
        Assert.NotEqual(Run(seed), Run(seed + 1));
    }

    [Property(MaxTest = 30)]
    public void TrainGradientMatchesFiniteDifferences(byte pb, byte n, byte f, ulong seed)
    {
        var x = Tensor.Randn<double>(new Rng(seed), 1 + n % 4, 1 + f % 6);
        GradCheck.Assert(GradCheck.Layer(new Dropout(P(pb)), x, Tree.Empty<double>(), Tree.Empty<double>(), Context.Train(seed), new Rng(seed)));
    }

    [Fact]
    public void PullbackUsesTheForwardMask()
    {
        var x = Tensor.Randn<double>(new Rng(1), 8, 8);
        var fwd = new Dropout(0.3).Forward(Tree.Empty<double>(), Tree.Empty<double>(), x, Context.Train(5));
        var dx = fwd.Pullback(Tensor.Ones<double>(8, 8)).Input!;
        for (var i = 0; i < x.Size; i++) Assert.Equal(fwd.Output.Span[i], x.Span[i] * dx.Span[i], 12);
        Assert.Equal(Dropout.Mask<double>(new Rng(5), 0.3, 64), dx.ToArray());
    }

    [Fact]
    public void ExtremeProbabilities()
    {
        var x = Tensor.Randn<double>(new Rng(2), 4, 5);
        var all = new Dropout(1).Forward(Tree.Empty<double>(), Tree.Empty<double>(), x, Context.Train(3));
        Assert.All(all.Output.ToArray(), v => Assert.Equal(0.0, v));
        Assert.All(all.Pullback(x).Input!.ToArray(), v => Assert.Equal(0.0, v));
        var none = new Dropout(0).Forward(Tree.Empty<double>(), Tree.Empty<double>(), x, Context.Train(3));
        Assert.Same(x, none.Output);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(double.NaN));
    }

    [Fact]
    public void EachDropoutInASequenceGetsItsOwnKey()
    {
        var net = Nn.Dropout(0.5).Then(Nn.Identity()).Then(Nn.Dropout(0.5));
        var init = net.Init<double>(Shape.Of(-1, 200), new Rng(0));
        var x = Tensor.Ones<double>(1, 200);
        var first = Nn.Dropout(0.5).Forward(Tree.Empty<double>(), Tree.Empty<double>(), x, Context.Train(9).Child(0)).Output;
        var both = net.Forward(init.Params, init.State, x, Context.Train(9)).Output;
        // Kept by both masks: 4 = 2·2; zero where either dropped. Independent keys keep about a quarter.
        Assert.All(both.ToArray(), v => Assert.True(v == 0 || v == 4));
        Assert.All(Enumerable.Range(0, 200), i => Assert.True(both.Span[i] == 0 || first.Span[i] == 2));
        Assert.InRange(both.ToArray().Count(v => v == 4), 25, 75);
        Assert.Equal("Dropout(p=0.5)", Nn.Dropout().ToString());
    }
}
