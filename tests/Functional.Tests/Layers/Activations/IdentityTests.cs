using FsCheck;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Activations;

public class IdentityTests
{
    [Property(MaxTest = 100)]
    public Property Gradients() => GradientProperty.ForLayer(_ => new Identity(), Gens.Shape(0, 4), low: -2, high: 2, minAbs: 0);

    [Property(MaxTest = 100)]
    public Property ReturnsItsInputAndPassesTheGradientThrough()
        => FsCheck.Fluent.Prop.ForAll(FsCheck.Fluent.Arb.From(Gens.Tensor(Gens.Shape(0, 4))), x =>
        {
            var f = new Identity().Forward(Tree.Empty<double>(), Tree.Empty<double>(), x, Context.Eval);
            TensorAssert.Equal(x, f.Output, "Identity output");
            TensorAssert.Equal(x, f.Pullback(x).Input, "Identity input gradient");
        });
}
