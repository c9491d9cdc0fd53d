namespace Functional;

/// <summary>PyTorch's <c>StepLR</c>: the rate is multiplied by <paramref name="Gamma"/> every <paramref name="StepSize"/> epochs.</summary>
/// <param name="Lr">The initial learning rate.</param>
/// <param name="StepSize">The period of decay, in epochs.</param>
/// <param name="Gamma">The multiplicative factor.</param>
public sealed record StepLR(double Lr, int StepSize, double Gamma = 0.1) : EpochSchedule(Lr)
{
    /// <inheritdoc />
    protected override double Next(double lr, int epoch) => epoch % StepSize != 0 ? lr : lr * Gamma;
}
