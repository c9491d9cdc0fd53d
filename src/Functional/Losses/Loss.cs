using System.Numerics;

namespace Functional;

/// <summary>How a loss reduces its per-element values, as PyTorch's <c>reduction</c> argument.</summary>
public enum Reduction
{
    /// <summary>The mean (for class-index losses, weighted by class weight and skipping ignored targets).</summary>
    Mean,
    /// <summary>The sum.</summary>
    Sum,
    /// <summary>No reduction: one value per element (or per sample for class-index losses).</summary>
    None,
}

/// <summary>
/// A loss: a pure function of an input (the prediction) and a target, with the same semantics and
/// reductions as the PyTorch loss of the same name.
/// </summary>
public abstract class Loss
{
    /// <summary>The reduction applied to the per-element values.</summary>
    public Reduction Reduction { get; }

    /// <summary>Creates a loss with <paramref name="reduction"/>.</summary>
    protected Loss(Reduction reduction) => Reduction = reduction;

    /// <summary>
    /// Computes the loss of <paramref name="input"/> against <paramref name="target"/>: the layer contract with the
    /// target as data. <c>Output</c> is the loss (a scalar tensor for mean and sum reductions, per-element values for
    /// <see cref="Reduction.None"/>), the state is empty, and the pullback maps the loss's gradient (same shape as
    /// <c>Output</c>) to the gradient of the input, with an empty parameter gradient. The target gets no gradient, as
    /// in PyTorch. <see cref="Forward{T}.Gradient"/> gives <c>dL/dinput</c> directly.
    /// </summary>
    /// <example><code>
    /// var loss = new MseLoss().Forward(prediction, target);
    /// double value = loss.Output.Item();
    /// var grads = fwd.Pullback(loss.Gradient());
    /// </code></example>
    public abstract Forward<T> Forward<T>(Tensor<T> input, Tensor<T> target) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The result of a loss: <paramref name="value"/> and the pullback <paramref name="inputGrad"/> (the parameter gradient is empty).</summary>
    protected static Forward<T> Result<T>(Tensor<T> value, Func<Tensor<T>, Tensor<T>> inputGrad) where T : unmanaged, IFloatingPointIeee754<T>
        => Reductions.Result(value, inputGrad);

    /// <summary>A short description, e.g. <c>MseLoss(reduction=Mean)</c>.</summary>
    public override string ToString() => $"{GetType().Name}(reduction={Reduction})";

    /// <summary>Checks that input and target have the same shape, naming the loss and both shapes otherwise.</summary>
    protected void SameShape(Shape input, Shape target)
    {
        if (input != target) throw new ShapeMismatchException($"{GetType().Name} expects input and target of the same shape, got {input} and {target}");
    }
}

/// <summary>
/// A loss that is a sum of per-element terms <c>l(x, t)</c>. Subclasses give the terms and their
/// derivatives with respect to x; this base applies the reduction and its pullback.
/// </summary>
public abstract class ElementwiseLoss(Reduction reduction) : Loss(reduction)
{
    /// <summary>Writes each element's loss term and its derivative with respect to the input.</summary>
    protected abstract void Terms<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> loss, Span<T> dInput) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tensor<T> input, Tensor<T> target)
    {
        SameShape(input.Shape, target.Shape);
        var loss = Buffers.New<T>(input.Size);
        var d = Buffers.New<T>(input.Size);
        Terms(input.Span, target.Span, loss, d);
        var lossT = new Tensor<T>(input.Shape, loss);
        var dT = new Tensor<T>(input.Shape, d);
        return Reductions.Reduce(lossT, dT, Reduction);
    }
}

internal static class Reductions
{
    /// <summary>Reduces per-element losses and chains the per-element derivatives through the reduction.</summary>
    public static Forward<T> Result<T>(Tensor<T> value, Func<Tensor<T>, Tensor<T>> inputGrad) where T : unmanaged, IFloatingPointIeee754<T>
        => new(value, Tree.Empty<T>(), (dy, needInput) => new Grads<T>(Tree.Empty<T>(), needInput ? inputGrad(dy) : null));

    public static Forward<T> Reduce<T>(Tensor<T> loss, Tensor<T> dLoss, Reduction reduction) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (reduction)
        {
            case Reduction.None:
                return Result(loss, g => dLoss * g);
            case Reduction.Sum:
                return Result(Tensor.Scalar(System.Numerics.Tensors.TensorPrimitives.Sum(loss.Span)), g => dLoss * g.Item());
            default:
                var n = T.CreateTruncating(loss.Size);
                return Result(Tensor.Scalar(System.Numerics.Tensors.TensorPrimitives.Sum(loss.Span) / n), g => dLoss * (g.Item() / n));
        }
    }
}
