namespace Functional;

/// <summary>
/// <c>x</c> for x &gt; 0, <c>slope·x</c> otherwise: PyTorch's <c>nn.LeakyReLU(negative_slope)</c>.
/// The gradient at 0 is <c>slope</c>, as in PyTorch.
/// </summary>
/// <param name="negativeSlope">The slope for negative inputs (PyTorch's default 0.01).</param>
public sealed class LeakyReLU(double negativeSlope = 0.01) : Activation
{
    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; } = negativeSlope;

    /// <inheritdoc />
    public override string ToString() => $"LeakyReLU({NegativeSlope})";

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var slope = T.CreateTruncating(NegativeSlope);
        var y = Buffers.Uninitialized<T>(input.Size);
        Rectifier.Select(input.data, input.data, y, slope);
        return Stateless(new Tensor<T>(input.Shape, y), state, dy =>
        {
            var dx = Buffers.Uninitialized<T>(dy.Size);
            Rectifier.Select(input.data, dy.data, dx, slope);
            return new Tensor<T>(dy.Shape, dx);
        });
    }
}
