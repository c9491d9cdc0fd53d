namespace Functional;

/// <summary>
/// PyTorch's <c>CosineAnnealingLR</c>, by its recursive form (which is what <c>scheduler.step()</c> computes; the
/// closed form <c>eta_min + (lr - eta_min)(1 + cos(π e / T_max))/2</c> differs from it in the last bits). After
/// <paramref name="TMax"/> epochs the rate climbs back up, as in PyTorch.
/// </summary>
/// <param name="Lr">The initial learning rate.</param>
/// <param name="TMax">Half the period, in epochs.</param>
/// <param name="EtaMin">The minimum rate.</param>
public sealed record CosineAnnealingLR(double Lr, int TMax, double EtaMin = 0) : EpochSchedule(Lr)
{
    /// <inheritdoc />
    protected override double Next(double lr, int epoch)
    {
        var period = 2 * TMax;
        if (((epoch - 1 - TMax) % period + period) % period == 0)
            return lr + (Lr - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2;
        return (1 + Math.Cos(Math.PI * epoch / TMax)) / (1 + Math.Cos(Math.PI * (epoch - 1) / TMax)) * (lr - EtaMin) + EtaMin;
    }

    /// <summary>The closed form, for comparison: <c>eta_min + (lr - eta_min)(1 + cos(π e / T_max))/2</c>.</summary>
    /// <param name="epoch">The epoch.</param>
    public double ClosedForm(int epoch) => EtaMin + (Lr - EtaMin) * (1 + Math.Cos(Math.PI * epoch / TMax)) / 2;
}
