namespace Functional;

/// <summary>
/// A learning-rate schedule as a pure state machine, matching <c>torch.optim.lr_scheduler</c>: <see cref="Init"/>
/// gives the rate in force during epoch 0 and <see cref="Step"/> moves to the next epoch (PyTorch's
/// <c>scheduler.step()</c>, taken after each epoch). Rates are computed by PyTorch's own recursive (chainable)
/// formulas, so they agree with it to the last bit rather than to the rounding of a closed form.
/// </summary>
/// <example><code>
/// var sched = new CosineAnnealingLR(0.1, TMax: 6, EtaMin: 0.001);
/// var lrs = sched.Lrs(12);                         // the rate during epochs 0..11
/// var opt = Optim.Sgd(sched, momentum: 0.9);       // the optimizer's state holds the schedule's state
/// state = opt.StepSchedule(state);                 // after each epoch
/// </code></example>
public abstract record Schedule
{
    /// <summary>The state during epoch 0.</summary>
    public abstract ScheduleState Init();

    /// <summary>The state during the next epoch.</summary>
    /// <param name="state">The state during the epoch that just ended.</param>
    /// <param name="metric">The epoch's validation metric (required by <see cref="ReduceLROnPlateau"/>, ignored by the others).</param>
    public abstract ScheduleState Step(ScheduleState state, double? metric = null);

    /// <summary>The learning rate in force during each of the first <paramref name="epochs"/> epochs.</summary>
    /// <param name="epochs">The number of epochs.</param>
    /// <param name="metrics">The validation metric of each epoch, for metric-driven schedules.</param>
    public IReadOnlyList<double> Lrs(int epochs, IReadOnlyList<double>? metrics = null)
    {
        var r = new double[epochs];
        var s = Init();
        for (var e = 0; e < epochs; e++)
        {
            r[e] = s.Lr;
            s = Step(s, metrics?[e]);
        }
        return r;
    }

    /// <summary>The learning rate in force during epoch <paramref name="epoch"/> (a fold of <see cref="Step"/> from <see cref="Init"/>).</summary>
    /// <param name="epoch">The 0-based epoch.</param>
    public double At(int epoch)
    {
        var s = Init();
        for (var e = 0; e < epoch; e++) s = Step(s);
        return s.Lr;
    }

    /// <summary>A constant learning rate.</summary>
    /// <param name="lr">The learning rate.</param>
    public static Schedule Constant(double lr) => new ConstantSchedule(lr);

    /// <summary>Linear warm-up, PyTorch's <c>LinearLR</c>: the factor goes from <paramref name="startFactor"/> to <paramref name="endFactor"/> over <paramref name="totalIters"/> epochs.</summary>
    /// <param name="lr">The base learning rate.</param>
    /// <param name="startFactor">The factor during epoch 0.</param>
    /// <param name="endFactor">The factor from epoch <paramref name="totalIters"/> on.</param>
    /// <param name="totalIters">The length of the ramp.</param>
    public static Schedule LinearWarmup(double lr, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5)
        => new LinearLR(lr, startFactor, endFactor, totalIters);
}

/// <summary>The state of a schedule: the epoch and the learning rate in force during it.</summary>
/// <param name="Epoch">The 0-based epoch (PyTorch's <c>last_epoch</c>).</param>
/// <param name="Lr">The learning rate in force.</param>
public record ScheduleState(int Epoch, double Lr) : OptState;

/// <summary>
/// A schedule whose next rate is a function of the current rate and the epoch number, as PyTorch's chainable
/// <c>get_lr</c>.
/// </summary>
/// <param name="Lr">The base (initial) learning rate.</param>
public abstract record EpochSchedule(double Lr) : Schedule
{
    /// <summary>The rate during epoch 0 (the base rate unless overridden).</summary>
    protected virtual double First() => Lr;

    /// <summary>The rate during <paramref name="epoch"/> (≥ 1), given the rate <paramref name="lr"/> of the epoch before.</summary>
    protected abstract double Next(double lr, int epoch);

    /// <inheritdoc />
    public override ScheduleState Init() => new(0, First());

    /// <inheritdoc />
    public override ScheduleState Step(ScheduleState state, double? metric = null) => new(state.Epoch + 1, Next(state.Lr, state.Epoch + 1));
}

/// <summary>A constant learning rate.</summary>
/// <param name="Lr">The learning rate.</param>
public sealed record ConstantSchedule(double Lr) : EpochSchedule(Lr)
{
    /// <inheritdoc />
    protected override double Next(double lr, int epoch) => lr;
}
