namespace Functional;

/// <summary>The identity layer, PyTorch's <c>nn.Identity</c>: returns its input.</summary>
public sealed class Identity : Activation
{
    /// <inheritdoc />
    public override string ToString() => "Identity()";

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context) => Stateless(input, state, dy => dy);
}
