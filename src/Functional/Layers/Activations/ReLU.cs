using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary><c>max(x, 0)</c>, PyTorch's <c>nn.ReLU</c>. The gradient at 0 is 0, as in PyTorch.</summary>
public sealed class ReLU : Activation
{
    /// <inheritdoc />
    public override string ToString() => "ReLU()";

    /// <inheritdoc />
    public override (Tensor<T> Output, Func<Tensor<T>, Tensor<T>> Back) Apply<T>(Tensor<T> input)
    {
        var y = Buffers.New<T>(input.Size);
        TP.Max(input.Span, T.Zero, y);
        return (new Tensor<T>(input.Shape, y), dy =>
        {
            var dx = Buffers.New<T>(dy.Size);
            var x = input.Span;
            var g = dy.Span;
            for (var i = 0; i < dx.Length; i++) dx[i] = x[i] > T.Zero ? g[i] : T.Zero;
            return new Tensor<T>(dy.Shape, dx);
        });
    }
}
