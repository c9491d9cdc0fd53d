using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

public static partial class Tensor
{
    /// <summary>The logistic sigmoid of every element (no gradient; the layer is <see cref="Functional.Sigmoid"/>).</summary>
    public static Tensor<T> Sigmoid<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Apply(x, TP.Sigmoid);

    /// <summary>The hyperbolic tangent of every element (the layer is <see cref="Functional.Tanh"/>).</summary>
    public static Tensor<T> Tanh<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Apply(x, TP.Tanh);

    /// <summary>max(x, 0) for every element (the layer is <see cref="Functional.ReLU"/>).</summary>
    public static Tensor<T> Relu<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = Buffers.New<T>(x.Size);
        TP.Max(x.Span, T.Zero, r);
        return new Tensor<T>(x.Shape, r);
    }

    /// <summary>Softmax along <paramref name="dim"/> (the layer is <see cref="Functional.Softmax"/>).</summary>
    public static Tensor<T> Softmax<T>(Tensor<T> x, int dim = -1) where T : unmanaged, IFloatingPointIeee754<T> => Functional.Softmax.Of(x, dim);

    /// <summary>Log-softmax along <paramref name="dim"/> (the layer is <see cref="Functional.LogSoftmax"/>).</summary>
    public static Tensor<T> LogSoftmax<T>(Tensor<T> x, int dim = -1) where T : unmanaged, IFloatingPointIeee754<T> => Functional.LogSoftmax.Of(x, dim);
}

public sealed partial class Tensor<T>
{
    /// <summary>The logistic sigmoid of every element.</summary>
    public Tensor<T> Sigmoid() => Tensor.Sigmoid(this);

    /// <summary>The hyperbolic tangent of every element.</summary>
    public Tensor<T> Tanh() => Tensor.Tanh(this);

    /// <summary>max(x, 0) for every element.</summary>
    public Tensor<T> Relu() => Tensor.Relu(this);

    /// <summary>Softmax along <paramref name="dim"/>.</summary>
    public Tensor<T> Softmax(int dim = -1) => Tensor.Softmax(this, dim);

    /// <summary>Log-softmax along <paramref name="dim"/>.</summary>
    public Tensor<T> LogSoftmax(int dim = -1) => Tensor.LogSoftmax(this, dim);
}
