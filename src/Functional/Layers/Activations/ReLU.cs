using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary><c>max(x, 0)</c>, PyTorch's <c>nn.ReLU</c>. The gradient at 0 is 0, as in PyTorch.</summary>
public sealed class ReLU : Activation
{
    /// <inheritdoc />
    public override string ToString() => "ReLU()";

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var y = Buffers.Uninitialized<T>(input.Size);
        Work.Ranges(y.Length, (start, length) => TP.Max(input.data.AsSpan(start, length), T.Zero, y.AsSpan(start, length)));   // NaN stays NaN
        return Stateless(new Tensor<T>(input.Shape, y), state, dy =>
        {
            var dx = Buffers.Uninitialized<T>(dy.Size);
            Rectifier.Select(input.data, dy.data, dx, T.Zero);
            return new Tensor<T>(dy.Shape, dx);
        });
    }
}
