using System.Numerics;

namespace Functional;

/// <summary>
/// Log-softmax along one dimension, PyTorch's <c>nn.LogSoftmax(dim)</c>: <c>x - log Σ e^x</c>, computed stably.
/// The pullback is <c>dy - softmax(x)·Σ dy</c>.
/// </summary>
/// <param name="dim">The normalized dimension (negative counts from the end).</param>
public sealed class LogSoftmax(int dim = -1) : Activation
{
    /// <summary>The normalized dimension.</summary>
    public int Dim { get; } = dim;

    /// <inheritdoc />
    public override string ToString() => $"LogSoftmax(dim={Dim})";

    /// <summary>Log-softmax of <paramref name="x"/> along <paramref name="dim"/>, as a plain function.</summary>
    public static Tensor<T> Of<T>(Tensor<T> x, int dim) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = Buffers.New<T>(x.Size);
        Lanes.ForEach(x.Shape, dim, lane => lane.LogSoftmax(x.data, y));
        return new Tensor<T>(x.Shape, y);
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var y = Of(input, Dim);
        return Stateless(y, state, dy =>
        {
            var dx = Buffers.New<T>(dy.Size);
            Lanes.ForEach(input.Shape, Dim, lane => lane.LogSoftmaxBack(y.data, dy.data, dx));
            return new Tensor<T>(dy.Shape, dx);
        });
    }
}
