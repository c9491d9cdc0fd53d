using System.Numerics;

namespace Functional;

/// <summary>One element of <see cref="Trainer{T}.Epochs(TrainState{T}, Dataset{T}, Dataset{T}?, FitOptions, Action{TrainingEvent}?, FitResult{T}?)"/>: where the run stands after an epoch.</summary>
/// <param name="Record">The epoch's index, train loss, validation loss and learning rate.</param>
/// <param name="State">The state after the epoch (parameters, optimizer state, layer state, key, step count): what the next epoch starts from.</param>
/// <param name="Stopping">The early-stopping state after the epoch: the best epoch so far, its loss and weights.</param>
/// <param name="History">The records of every epoch of the run so far, this one last.</param>
/// <param name="RestoreBest">Whether <see cref="Result"/> picks the best epoch's weights (from <see cref="FitOptions.RestoreBest"/>).</param>
public sealed record EpochResult<T>(EpochRecord Record, TrainState<T> State, EarlyStoppingState<(Tree<T> Params, Tree<T> State)> Stopping,
    History History, bool RestoreBest = true)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The 0-based epoch.</summary>
    public int Epoch => Record.Epoch;

    /// <summary>The mean training loss over the epoch's batches.</summary>
    public double TrainLoss => Record.TrainLoss;

    /// <summary>The validation loss after the epoch (NaN without a validation set).</summary>
    public double ValidLoss => Record.ValidLoss;

    /// <summary>The learning rate in force during the epoch (NaN when unknown).</summary>
    public double LearningRate => Record.LearningRate;

    /// <summary>Whether this epoch is the best so far.</summary>
    public bool Improved => Stopping.BestEpoch >= 0 && Stopping.BestEpoch == Stopping.Epoch;

    /// <summary>Whether early stopping says stop after this epoch (the sequence then ends with it).</summary>
    public bool ShouldStop => Stopping.ShouldStop;

    /// <summary>The run up to this epoch as a <see cref="FitResult{T}"/>: what <see cref="Trainer{T}.Fit(TrainState{T}, Dataset{T}, Dataset{T}?, FitOptions, Action{TrainingEvent}?, FitResult{T}?)"/> would return had it stopped here (to save, or to resume from).</summary>
    public FitResult<T> Result()
    {
        var (bestParams, bestState) = Stopping.Best == default ? (State.Params, State.LayerState) : Stopping.Best;
        return new FitResult<T>(State, RestoreBest ? bestParams : State.Params, RestoreBest ? bestState : State.LayerState, History, Stopping);
    }
}
