using FsCheck;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Activations;

public class TanhTests
{
    [Property(MaxTest = 100)]
    public Property Gradients() => GradientProperty.ForLayer(_ => new Tanh(), Gens.Shape(0, 4), low: -3, high: 3, minAbs: 0);

    [Fact]
    public void IsOddAndZeroAtZero()
    {
        var y = new Tanh().Forward(Tensor.FromArray(new[] { -0.7, 0.0, 0.7 })).Output;
        Assert.Equal(0.0, y[1]);
        Assert.Equal(-y[0], y[2]);
    }
}
