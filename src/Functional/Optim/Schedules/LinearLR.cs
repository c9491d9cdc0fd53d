namespace Functional;

/// <summary>
/// PyTorch's <c>LinearLR</c> (linear warm-up): the rate is <c>lr·StartFactor</c> during epoch 0 and moves linearly
/// to <c>lr·EndFactor</c>, reached at epoch <paramref name="TotalIters"/>, by PyTorch's recursive formula.
/// </summary>
/// <param name="Lr">The base learning rate.</param>
/// <param name="StartFactor">The factor during epoch 0 (in [0, 1]).</param>
/// <param name="EndFactor">The final factor (in [0, 1]).</param>
/// <param name="TotalIters">The number of epochs of the ramp.</param>
public sealed record LinearLR(double Lr, double StartFactor = 1.0 / 3, double EndFactor = 1.0, int TotalIters = 5) : EpochSchedule(Lr)
{
    /// <inheritdoc />
    protected override double First()
    {
        if (StartFactor is > 1.0 or < 0) throw new ArgumentException($"LinearLR: start factor {StartFactor} must be in [0, 1]");
        if (EndFactor is > 1.0 or < 0) throw new ArgumentException($"LinearLR: end factor {EndFactor} must be in [0, 1]");
        return Lr * StartFactor;
    }

    /// <inheritdoc />
    protected override double Next(double lr, int epoch)
        => epoch > TotalIters ? lr
         : lr * (1.0 + (EndFactor - StartFactor) / (TotalIters * StartFactor + (epoch - 1) * (EndFactor - StartFactor)));
}
