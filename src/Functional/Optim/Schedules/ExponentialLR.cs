namespace Functional;

/// <summary>PyTorch's <c>ExponentialLR</c>: the rate is multiplied by <paramref name="Gamma"/> every epoch (repeatedly, as PyTorch does, not by a power).</summary>
/// <param name="Lr">The initial learning rate.</param>
/// <param name="Gamma">The multiplicative factor.</param>
public sealed record ExponentialLR(double Lr, double Gamma) : EpochSchedule(Lr)
{
    /// <inheritdoc />
    protected override double Next(double lr, int epoch) => lr * Gamma;
}
