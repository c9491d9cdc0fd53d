namespace Functional;

/// <summary>Whether a monitored metric should go down (a loss) or up (an accuracy).</summary>
public enum Objective
{
    /// <summary>Lower is better.</summary>
    Min,
    /// <summary>Higher is better.</summary>
    Max,
}

/// <summary>
/// Early stopping as a pure state machine over a validation metric, one <see cref="Observe"/> per epoch.
/// An epoch improves when its metric is at least <see cref="MinDelta"/> better than the best so far; ties
/// count as improvements when <see cref="MinDelta"/> is 0, as in the book's loop (<c>valid_loss &lt;= lowest_loss</c>),
/// so the latest of equal minima is kept. Training stops after <see cref="Patience"/> epochs in a row
/// without improvement (never, when <see cref="Patience"/> is null).
/// </summary>
/// <typeparam name="TBest">What is kept from the best epoch, typically the parameters and layer state.</typeparam>
/// <param name="Patience">Epochs without improvement before stopping; null to never stop early.</param>
/// <param name="MinDelta">The smallest change that counts as an improvement.</param>
/// <param name="Mode">Whether the metric should decrease or increase.</param>
/// <example><code>
/// var stopper = new EarlyStopping&lt;Tree&lt;float&gt;&gt;(Patience: 5);
/// var es = stopper.Start();
/// foreach (var epoch in ...) { es = stopper.Observe(es, validLoss, parameters); if (es.ShouldStop) break; }
/// var best = es.Best;   // the weights of the lowest validation loss
/// </code></example>
public sealed record EarlyStopping<TBest>(int? Patience = null, double MinDelta = 0, Objective Mode = Objective.Min)
{
    /// <summary>The state before the first epoch.</summary>
    public EarlyStoppingState<TBest> Start()
        => new(Mode == Objective.Min ? double.PositiveInfinity : double.NegativeInfinity, -1, -1, 0, default, false);

    /// <summary>Whether <paramref name="metric"/> improves on <paramref name="best"/>.</summary>
    public bool Improves(double metric, double best)
        => Mode == Objective.Min ? metric <= best - MinDelta : metric >= best + MinDelta;

    /// <summary>The state after an epoch whose validation metric is <paramref name="metric"/> and whose weights are <paramref name="candidate"/>.</summary>
    public EarlyStoppingState<TBest> Observe(EarlyStoppingState<TBest> state, double metric, TBest candidate)
    {
        if (double.IsNaN(metric)) throw new ArgumentException("the validation metric is NaN", nameof(metric));
        var epoch = state.Epoch + 1;
        if (Improves(metric, state.BestMetric))
            return new(metric, epoch, epoch, 0, candidate, false);
        var wait = state.EpochsWithoutImprovement + 1;
        return state with { Epoch = epoch, EpochsWithoutImprovement = wait, ShouldStop = Patience is { } p && wait >= p };
    }
}

/// <summary>Where early stopping stands after some epochs.</summary>
/// <param name="BestMetric">The best metric so far (±∞ before the first epoch).</param>
/// <param name="BestEpoch">The 0-based epoch of <paramref name="BestMetric"/> (-1 before the first).</param>
/// <param name="Epoch">The last observed 0-based epoch (-1 before the first).</param>
/// <param name="EpochsWithoutImprovement">Epochs since the best one.</param>
/// <param name="Best">What was kept from the best epoch.</param>
/// <param name="ShouldStop">True once patience has run out.</param>
public sealed record EarlyStoppingState<TBest>(double BestMetric, int BestEpoch, int Epoch, int EpochsWithoutImprovement, TBest? Best, bool ShouldStop);
