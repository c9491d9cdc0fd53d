using System.Numerics;

namespace Functional;

/// <summary>
/// A parameter-free, stateless layer: a function of the input alone, with its pullback. Subclasses implement
/// <see cref="Layer.Forward{T}"/> and build the result with <see cref="Stateless{T}"/>, which returns the empty
/// parameter gradient; this base supplies <see cref="Layer.Init{T}"/> and a forward that needs no parameters.
/// </summary>
public abstract class Activation : Layer
{
    /// <summary>The output shape; the default keeps the input shape.</summary>
    protected virtual Shape Output(Shape input) => input;

    /// <inheritdoc />
    public override Initialized<T> Init<T>(Shape input, Rng rng) => new(Tree.Empty<T>(), Tree.Empty<T>(), Output(input));

    /// <summary>The forward call without parameters, state or context: <c>new ReLU().Forward(x)</c>.</summary>
    public Forward<T> Forward<T>(Tensor<T> input) where T : unmanaged, IFloatingPointIeee754<T>
        => Forward(Tree.Empty<T>(), Tree.Empty<T>(), input, Context.Eval);

    /// <summary>
    /// The result of a parameter-free layer: <paramref name="output"/>, the unchanged <paramref name="state"/>, and a
    /// pullback whose parameter gradient is empty and whose input gradient is <paramref name="inputGrad"/>(dy), computed
    /// only when asked for.
    /// </summary>
    protected static Forward<T> Stateless<T>(Tensor<T> output, Tree<T> state, Func<Tensor<T>, Tensor<T>> inputGrad)
        where T : unmanaged, IFloatingPointIeee754<T>
        => new(output, state, (dy, needInput) => new Grads<T>(Tree.Empty<T>(), needInput ? inputGrad(dy) : null));
}
