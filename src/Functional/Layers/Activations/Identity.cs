namespace Functional;

/// <summary>The identity layer, PyTorch's <c>nn.Identity</c>: returns its input.</summary>
public sealed class Identity : Activation
{
    /// <inheritdoc />
    public override string ToString() => "Identity()";

    /// <inheritdoc />
    public override (Tensor<T> Output, Func<Tensor<T>, Tensor<T>> Back) Apply<T>(Tensor<T> input) => (input, dy => dy);
}
