using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;

namespace Functional.Tests.Testing;

/// <summary>The gradient check itself: it must fail on wrong pullbacks and name the wrong leaf.</summary>
public class GradCheckTests
{
    /// <summary>Tanh with an input gradient off by a relative <c>error</c>.</summary>
    private sealed class SkewedTanh(double error) : Activation
    {
        public override string ToString() => $"SkewedTanh({error})";

        public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
        {
            var f = new Tanh().Forward(input);
            return Stateless(f.Output, state, dy => f.Pullback(dy).Input! * T.CreateTruncating(1 + error));
        }
    }

    /// <summary>Linear whose gradient for one named leaf is off by a relative 1e-4.</summary>
    private sealed class SkewedLinear(Linear inner, string leaf) : Layer
    {
        public override string ToString() => $"Skewed{inner}";
        public override Initialized<T> Init<T>(Shape input, Rng rng) => inner.Init<T>(input, rng);

        public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
        {
            var f = inner.Forward(parameters, state, input, context);
            return f with
            {
                Pullback = (dy, need) =>
                {
                    var g = f.Pullback(dy, need);
                    return g with { Params = g.Params.Map((p, t) => p == leaf ? t * T.CreateTruncating(1.0001) : t) };
                },
            };
        }
    }

    /// <summary>Inverted dropout drawing its mask from the context key: deterministic only if the key is fixed.</summary>
    private sealed class KeyedDropout(double p) : Activation
    {
        public override string ToString() => $"KeyedDropout({p})";
        public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
        {
            var mask = Tensor.Map(Tensor.Rand<T>(context.Rng, input.Shape.ToArray()), u => u < T.CreateTruncating(p) ? T.Zero : T.CreateTruncating(1 / (1 - p)));
            return Stateless(input * mask, state, dy => dy * mask);
        }
    }

    [Fact]
    public void PassesForACorrectLayerAndReportsEveryLeaf()
    {
        var report = GradCheck.Layer(new Linear(3, 2), Shape.Of(4, 3), new Rng(1));
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(["weight", "bias", "input"], report.Leaves.Select(l => l.Name));
        Assert.Equal(6, report["weight"].Size);
        Assert.True(report["input"].MaxRelError < 1e-7, report.ToString());
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1e-5)]
    public void FailsOnAWrongInputGradientAndNamesTheInput(double error)
    {
        var report = GradCheck.Layer(new SkewedTanh(error), Shape.Of(3, 4), new Rng(2));
        Assert.False(report.Passed);
        var e = Assert.Throws<GradCheckException>(() => GradCheck.Assert(report));
        Assert.Contains("SkewedTanh", e.Message);
        Assert.Contains("worst leaf 'input'", e.Message);
    }

    [Theory]
    [InlineData("weight")]
    [InlineData("bias")]
    public void FailsOnAWrongParameterGradientAndNamesTheLeaf(string leaf)
    {
        var report = GradCheck.Layer(new SkewedLinear(new Linear(4, 3), leaf), Shape.Of(5, 4), new Rng(3));
        Assert.False(report[leaf].Passed, report.ToString());
        Assert.All(report.Leaves.Where(l => l.Name != leaf), l => Assert.True(l.Passed, report.ToString()));
        var e = Assert.Throws<GradCheckException>(() => GradCheck.Assert(report));
        Assert.Contains($"worst leaf '{leaf}'", e.Message);
    }

    [Fact]
    public void NestedLeavesKeepTheirDottedNames()
    {
        var net = new SkewedLinear(new Linear(3, 3), "bias");
        var report = GradCheck.Layer(new Sequential(new Tanh(), new Residual(net)), Shape.Of(2, 3), new Rng(4));
        Assert.Equal(["1.weight", "1.bias", "input"], report.Leaves.Select(l => l.Name));
        Assert.False(report["1.bias"].Passed);
        Assert.True(report["1.weight"].Passed);
    }

    [Property(MaxTest = 100)]
    public Property TrainModeReusesTheContextKeySoRandomMasksAreFixed()
        => GradientProperty.ForLayer(_ => new KeyedDropout(0.5), Gens.Shape(), mode: Mode.Train);

    [Fact]
    public void TrainModeMasksDifferBetweenKeys()
    {
        var x = Tensor.Ones<double>(64);
        var a = new KeyedDropout(0.5).Forward(Tree.Empty<double>(), Tree.Empty<double>(), x, Context.Train(1)).Output;
        var b = new KeyedDropout(0.5).Forward(Tree.Empty<double>(), Tree.Empty<double>(), x, Context.Train(2)).Output;
        Assert.NotEqual(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void ChecksRankZeroInputs()
    {
        var report = GradCheck.Assert(GradCheck.Layer(new Tanh(), Shape.Scalar, new Rng(5)));
        Assert.Equal(1, report["input"].Size);
    }

    [Fact]
    public void LossCheckFailsOnAWrongGradient()
    {
        var x = Tensor.FromArray(new[] { 0.5, -1.0, 2.0 });
        var good = GradCheck.Loss(new MseLoss(), x, Tensor.Zeros<double>(3));
        Assert.True(good.Passed, good.ToString());
        var bad = GradCheck.Loss(new SkewedMse(), x, Tensor.Zeros<double>(3));
        Assert.Throws<GradCheckException>(() => GradCheck.Assert(bad));
    }

    private sealed class SkewedMse() : Loss(Reduction.Mean)
    {
        public override Forward<T> Forward<T>(Tensor<T> input, Tensor<T> target)
        {
            var f = new MseLoss().Forward(input, target);
            return Result(f.Output, g => f.Pullback(g).Input! * T.CreateTruncating(1.001));
        }
    }

    [Fact]
    public void SkipsTheInputWhenAsked()
    {
        var report = GradCheck.Layer(new Linear(2, 2), Shape.Of(1, 2), new Rng(6), options: new GradCheckOptions(CheckInput: false));
        Assert.DoesNotContain("input", report.Leaves.Select(l => l.Name));
    }
}
