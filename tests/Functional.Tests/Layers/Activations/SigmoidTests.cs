using FsCheck;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Activations;

public class SigmoidTests
{
    [Property(MaxTest = 100)]
    public Property Gradients() => GradientProperty.ForLayer(_ => new Sigmoid(), Gens.Shape(0, 4), low: -4, high: 4, minAbs: 0);

    [Fact]
    public void IsOneHalfAtZero()
        => Assert.Equal(0.5, new Sigmoid().Forward(Tensor.Zeros<double>(1)).Output.Item());
}
