using System.Numerics;

namespace Functional;

/// <summary>
/// <c>x + f(x)</c>: a skip connection around <see cref="Inner"/>, whose output shape must equal its input shape.
/// Its parameters are the inner layer's, under the same names.
/// </summary>
public sealed class Residual(Layer inner) : Layer
{
    /// <summary>The wrapped layer f.</summary>
    public Layer Inner { get; } = inner;

    /// <inheritdoc />
    public override string ToString() => $"Residual({Inner})";

    /// <inheritdoc />
    public override Initialized<T> Init<T>(Shape input, Rng rng)
    {
        var init = Inner.Init<T>(input, rng);
        if (init.Output != input)
            throw new ShapeMismatchException($"{this}: the inner layer maps {input} to {init.Output}; a residual needs equal shapes");
        return init;
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var f = Inner.Forward(parameters, state, input, context);
        if (f.Output.Shape != input.Shape)
            throw new ShapeMismatchException($"{this}: the inner layer maps {input.Shape} to {f.Output.Shape}; a residual needs equal shapes");
        return new(input + f.Output, f.State, (dy, needInput) =>
        {
            var g = f.Pullback(dy, needInput);
            return new Grads<T>(g.Params, needInput ? g.Input! + dy : null);
        });
    }
}
