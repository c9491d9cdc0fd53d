namespace Functional;

/// <summary>
/// PyTorch's <c>ReduceLROnPlateau</c> as a pure state machine driven by the validation metric of each epoch:
/// when the metric has not improved (by <paramref name="Threshold"/>, relative or absolute) for more than
/// <paramref name="Patience"/> epochs, the rate is multiplied by <paramref name="Factor"/> (not below
/// <paramref name="MinLr"/>, and only if it changes by more than <paramref name="Eps"/>), followed by
/// <paramref name="Cooldown"/> epochs in which bad epochs are not counted.
/// </summary>
/// <param name="Lr">The initial learning rate.</param>
/// <param name="Mode"><c>min</c> (lower is better) or <c>max</c>.</param>
/// <param name="Factor">The multiplicative factor (&lt; 1).</param>
/// <param name="Patience">The number of bad epochs tolerated.</param>
/// <param name="Threshold">The improvement that counts.</param>
/// <param name="ThresholdMode"><c>rel</c> or <c>abs</c>.</param>
/// <param name="Cooldown">Epochs to wait after a reduction.</param>
/// <param name="MinLr">The lower bound on the rate.</param>
/// <param name="Eps">The smallest change of rate that is applied.</param>
public sealed record ReduceLROnPlateau(double Lr, string Mode = "min", double Factor = 0.1, int Patience = 10, double Threshold = 1e-4,
    string ThresholdMode = "rel", int Cooldown = 0, double MinLr = 0, double Eps = 1e-8) : Schedule
{
    /// <inheritdoc />
    public override ScheduleState Init()
    {
        if (Factor >= 1.0) throw new ArgumentException($"ReduceLROnPlateau: factor {Factor} should be < 1.0");
        if (Mode is not ("min" or "max")) throw new ArgumentException($"ReduceLROnPlateau: mode '{Mode}' is unknown (min or max)");
        if (ThresholdMode is not ("rel" or "abs")) throw new ArgumentException($"ReduceLROnPlateau: threshold mode '{ThresholdMode}' is unknown (rel or abs)");
        return new PlateauState(0, Lr, Mode == "min" ? double.PositiveInfinity : double.NegativeInfinity, 0, 0);
    }

    /// <inheritdoc />
    public override ScheduleState Step(ScheduleState state, double? metric = null)
    {
        if (state is not PlateauState s) throw new ArgumentException($"ReduceLROnPlateau: expected a PlateauState, got {state.GetType().Name}");
        if (metric is not double current) throw new ArgumentException("ReduceLROnPlateau: Step needs the epoch's metric");
        var (best, bad, cooldown, lr) = (s.Best, s.NumBadEpochs, s.CooldownCounter, s.Lr);
        if (IsBetter(current, best)) { best = current; bad = 0; }
        else bad++;
        if (cooldown > 0) { cooldown--; bad = 0; }
        if (bad > Patience)
        {
            var newLr = Math.Max(lr * Factor, MinLr);
            if (lr - newLr > Eps) lr = newLr;
            cooldown = Cooldown;
            bad = 0;
        }
        return new PlateauState(s.Epoch + 1, lr, best, bad, cooldown);
    }

    private bool IsBetter(double a, double best) => (Mode, ThresholdMode) switch
    {
        ("min", "rel") => a < best * (1.0 - Threshold),
        ("min", _) => a < best - Threshold,
        (_, "rel") => a > best * (Threshold + 1.0),
        _ => a > best + Threshold,
    };
}

/// <summary>The state of <see cref="ReduceLROnPlateau"/>.</summary>
/// <param name="Epoch">The epoch.</param>
/// <param name="Lr">The learning rate in force.</param>
/// <param name="Best">The best metric so far.</param>
/// <param name="NumBadEpochs">Consecutive epochs without improvement.</param>
/// <param name="CooldownCounter">Epochs of cooldown left.</param>
public sealed record PlateauState(int Epoch, double Lr, double Best, int NumBadEpochs, int CooldownCounter) : ScheduleState(Epoch, Lr);
