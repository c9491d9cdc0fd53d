using System.Numerics;

namespace Functional;

/// <summary>The outcome of <see cref="Trainer{T}.Fit"/>.</summary>
/// <param name="Final">The state after the last epoch run (for resuming).</param>
/// <param name="Params">The chosen parameters: the best epoch's when restoring, else the final ones.</param>
/// <param name="LayerState">The layer state that goes with <paramref name="Params"/>.</param>
/// <param name="History">The per-epoch losses and learning rates.</param>
/// <param name="Stopping">The early-stopping state: the best epoch, its loss and weights.</param>
public sealed record FitResult<T>(TrainState<T> Final, Tree<T> Params, Tree<T> LayerState, History History,
    EarlyStoppingState<(Tree<T> Params, Tree<T> State)> Stopping)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The 0-based epoch with the lowest monitored loss (-1 when no epoch ran).</summary>
    public int BestEpoch => Stopping.BestEpoch;
}
