using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// Multiplies updates by <c>-lr</c>, the learning rate in force (so that adding the updates descends).
/// The rate comes from a <see cref="Schedule"/> (a constant is <see cref="Schedule.Constant"/>). As with
/// <c>torch.optim.lr_scheduler</c>, the schedule advances one epoch per <see cref="GradientTransformation.StepSchedule"/>;
/// with <paramref name="StepEveryUpdate"/> it advances after every update instead (Optax's step-count schedules).
/// </summary>
/// <param name="Schedule">The learning-rate schedule.</param>
/// <param name="StepEveryUpdate">Advance the schedule after every update rather than per epoch.</param>
public sealed record ScaleByLearningRate(Schedule Schedule, bool StepEveryUpdate = false) : GradientTransformation
{
    /// <summary>A constant learning rate.</summary>
    /// <param name="lr">The learning rate.</param>
    public ScaleByLearningRate(double lr) : this(Schedule.Constant(lr)) { }

    /// <inheritdoc />
    public override OptState Init<T>(Tree<T> parameters) => new LearningRateState(0, Schedule.Init());

    /// <inheritdoc />
    public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
    {
        var s = Expect<LearningRateState>(state);
        var lr = Leafwise.Of<T>(-s.Schedule.Lr);
        var u = grads.Map(g => Leafwise.New(g, r => Work.Ranges(r.Length, (i, n) => TP.Multiply(g.data.AsSpan(i, n), lr, r.AsSpan(i, n)))));
        return (u, Next(s));
    }

    /// <summary>The state after one update from <paramref name="s"/> (shared with the fused step, <see cref="FusedAdam"/>).</summary>
    internal LearningRateState Next(LearningRateState s)
        => new(s.Count + 1, StepEveryUpdate ? Schedule.Step(s.Schedule) : s.Schedule);

    /// <inheritdoc />
    public override OptState StepSchedule(OptState state, double? metric = null)
    {
        var s = Expect<LearningRateState>(state);
        return s with { Schedule = Schedule.Step(s.Schedule, metric) };
    }
}

/// <summary>The state of <see cref="ScaleByLearningRate"/>.</summary>
/// <param name="Count">The number of updates taken.</param>
/// <param name="Schedule">The schedule's state, which holds the learning rate in force.</param>
public sealed record LearningRateState(int Count, ScheduleState Schedule) : OptState, IStepCounter
{
    /// <summary>The learning rate in force (used by the next update).</summary>
    public double Lr => Schedule.Lr;

    /// <inheritdoc />
    public override IEnumerable<OptState> Children() => [Schedule];
}
