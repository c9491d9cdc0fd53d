using System.Numerics;

namespace Functional;

/// <summary>
/// A parameter-free, stateless layer: a function of the input alone, with its pullback. Subclasses
/// implement <see cref="Apply{T}"/>; this base supplies the layer plumbing.
/// </summary>
public abstract class Activation : Layer
{
    /// <summary>The function and its input-gradient map.</summary>
    /// <returns>The output, and a map from the output gradient to the input gradient.</returns>
    public abstract (Tensor<T> Output, Func<Tensor<T>, Tensor<T>> Back) Apply<T>(Tensor<T> input) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The output shape; the default keeps the input shape.</summary>
    protected virtual Shape Output(Shape input) => input;

    /// <inheritdoc />
    public override Initialized<T> Init<T>(Shape input, Rng rng) => new(Tree.Empty<T>(), Tree.Empty<T>(), Output(input));

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var (y, back) = Apply(input);
        return new(y, state, (dy, needInput) => new Grads<T>(parameters, needInput ? back(dy) : null));
    }
}
