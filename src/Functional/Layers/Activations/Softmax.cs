using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// Softmax along one dimension, PyTorch's <c>nn.Softmax(dim)</c>: <c>e^x / Σ e^x</c>, computed with the
/// maximum subtracted. The pullback is <c>y·(dy - Σ dy·y)</c>.
/// </summary>
/// <param name="dim">The dimension that sums to one (negative counts from the end).</param>
public sealed class Softmax(int dim = -1) : Activation
{
    /// <summary>The dimension that sums to one.</summary>
    public int Dim { get; } = dim;

    /// <inheritdoc />
    public override string ToString() => $"Softmax(dim={Dim})";

    /// <summary>Softmax of <paramref name="x"/> along <paramref name="dim"/>, as a plain function.</summary>
    public static Tensor<T> Of<T>(Tensor<T> x, int dim) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = Buffers.New<T>(x.Size);
        Lanes.ForEach(x.Shape, dim, lane => lane.Softmax(x.data, y));
        return new Tensor<T>(x.Shape, y);
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var y = Of(input, Dim);
        return Stateless(y, state, dy =>
        {
            var dx = Buffers.New<T>(dy.Size);
            Lanes.ForEach(input.Shape, Dim, lane => lane.SoftmaxBack(y.data, dy.data, dx));
            return new Tensor<T>(dy.Shape, dx);
        });
    }
}
