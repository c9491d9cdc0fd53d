using FsCheck;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Activations;

public class ReLUTests
{
    [Property(MaxTest = 100)]
    public Property Gradients() => GradientProperty.ForLayer(_ => new ReLU(), Gens.Shape(0, 4), low: -2, high: 2, minAbs: 1e-3);

    [Fact]
    public void ClampsNegativesAndHasZeroGradientAtZero()
    {
        var x = Tensor.FromArray(new[] { -1.5, 0.0, 2.0 });
        var f = new ReLU().Forward(Tree.Empty<double>(), Tree.Empty<double>(), x, Context.Eval);
        TensorAssert.Equal(Tensor.FromArray(new[] { 0.0, 0.0, 2.0 }), f.Output, "ReLU output");
        TensorAssert.Equal(Tensor.FromArray(new[] { 0.0, 0.0, 1.0 }), f.Pullback(Tensor.Ones<double>(3)).Input, "ReLU gradient (PyTorch: 0 at 0)");
    }
}
