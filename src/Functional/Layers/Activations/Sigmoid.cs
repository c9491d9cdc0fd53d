using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary><c>1 / (1 + e^-x)</c>, PyTorch's <c>nn.Sigmoid</c>; the pullback is <c>dy·y·(1-y)</c>.</summary>
public sealed class Sigmoid : Activation
{
    /// <inheritdoc />
    public override string ToString() => "Sigmoid()";

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var y = Buffers.New<T>(input.Size);
        TP.Sigmoid(input.Span, y);
        return Stateless(new Tensor<T>(input.Shape, y), state, dy =>
        {
            var dx = Buffers.New<T>(y.Length);
            TP.Subtract(T.One, y, dx);          // 1 - y
            TP.Multiply(dx, y, dx);              // y(1 - y)
            TP.Multiply(dx, dy.Span, dx);
            return new Tensor<T>(dy.Shape, dx);
        });
    }
}
