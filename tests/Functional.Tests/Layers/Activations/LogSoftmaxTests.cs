using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Activations;

public class LogSoftmaxTests
{
    [Property(MaxTest = 100)]
    public Property Gradients() => GradientProperty.ForLayer(s => Gens.Dim(s.Rank).Select(d => (Layer)new LogSoftmax(d)), Gens.Shape(1, 4), low: -4, high: 4);

    [Property(MaxTest = 100)]
    public Property ExponentialsSumToOneAndMatchLogOfSoftmax()
        => Prop.ForAll(Arb.From(
            from s in Gens.Shape(1, 4)
            from d in Gens.Dim(s.Rank)
            from x in Gens.Tensor(s, -20, 20)
            select (x, d)), c =>
        {
            var (x, dim) = c;
            var y = new LogSoftmax(dim).Forward(x).Output;
            Assert.All(y.ToArray(), v => Assert.True(v <= 0));
            foreach (var sum in SoftmaxTests.LaneSums(y, dim, Math.Exp))
                Assert.True(Math.Abs(sum - 1) < 1e-12, $"exp of a lane of log_softmax(dim={dim}) sums to {sum:R}");
            TensorAssert.Close(Tensor.Map(Softmax.Of(x, dim), Math.Log), y, 1e-9, "log(softmax(x))");
        });

    [Fact]
    public void IsStableForLargeLogits()
    {
        var y = LogSoftmax.Of(Tensor.FromArray(new[] { 1000.0, 0.0 }), -1);
        Assert.Equal(0.0, y[0]);
        Assert.Equal(-1000.0, y[1]);
    }
}
