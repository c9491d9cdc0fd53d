using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>The hyperbolic tangent, PyTorch's <c>nn.Tanh</c>; the pullback is <c>dy·(1 - y²)</c>.</summary>
public sealed class Tanh : Activation
{
    /// <inheritdoc />
    public override string ToString() => "Tanh()";

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var y = Buffers.New<T>(input.Size);
        TP.Tanh(input.Span, y);
        return Stateless(new Tensor<T>(input.Shape, y), state, dy =>
        {
            var dx = Buffers.New<T>(y.Length);
            TP.Multiply(y, y, dx);
            TP.Subtract(T.One, dx, dx);
            TP.Multiply(dx, dy.Span, dx);
            return new Tensor<T>(dy.Shape, dx);
        });
    }
}
