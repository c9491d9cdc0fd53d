using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Activations;

public class LeakyReLUTests
{
    [Property(MaxTest = 100)]
    public Property Gradients() => GradientProperty.ForLayer(
        _ => Gen.Elements(0.01, 0.2, 0.5, 1.5).Select(slope => (Layer)new LeakyReLU(slope)), Gens.Shape(0, 4), minAbs: 1e-3);

    [Fact]
    public void ScalesNegativesBySlopeWithSlopeGradientAtZero()
    {
        var x = Tensor.FromArray(new[] { -2.0, 0.0, 3.0 });
        var f = new LeakyReLU(0.1).Forward(Tree.Empty<double>(), Tree.Empty<double>(), x, Context.Eval);
        TensorAssert.Close(Tensor.FromArray(new[] { -0.2, 0.0, 3.0 }), f.Output, 1e-15, "LeakyReLU output");
        TensorAssert.Close(Tensor.FromArray(new[] { 0.1, 0.1, 1.0 }), f.Pullback(Tensor.Ones<double>(3)).Input!, 1e-15, "LeakyReLU gradient (PyTorch: slope at 0)");
    }
}
