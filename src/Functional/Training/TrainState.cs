using System.Numerics;

namespace Functional;

/// <summary>
/// Everything a training step reads and returns: the parameters, the layers' state (batch-norm statistics),
/// the optimizer state, the run's random key and the number of steps taken. Each step derives its own key
/// from <see cref="Rng"/> and <see cref="Step"/>, so a run resumed from a saved state continues bit-identically.
/// </summary>
/// <param name="Params">The trainable parameters.</param>
/// <param name="LayerState">The non-trainable layer state.</param>
/// <param name="OptState">The optimizer state.</param>
/// <param name="Rng">The run's key (dropout masks and shuffles are derived from it).</param>
/// <param name="Step">The number of optimizer steps taken so far.</param>
/// <param name="Epoch">The number of epochs completed so far.</param>
public sealed record TrainState<T>(Tree<T> Params, Tree<T> LayerState, OptState OptState, Rng Rng, int Step = 0, int Epoch = 0)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>What a training observer is told. Observers see values only: they cannot change the fold's result.</summary>
public abstract record TrainingEvent
{
    /// <summary>An epoch is about to start.</summary>
    /// <param name="Epoch">The 0-based epoch.</param>
    /// <param name="Epochs">The number of epochs asked for.</param>
    /// <param name="Batches">The number of batches in the epoch.</param>
    public sealed record EpochStart(int Epoch, int Epochs, int Batches) : TrainingEvent;

    /// <summary>A batch has been trained on.</summary>
    /// <param name="Epoch">The 0-based epoch.</param>
    /// <param name="Batch">The 0-based batch within the epoch.</param>
    /// <param name="Batches">The number of batches in the epoch.</param>
    /// <param name="Loss">The batch's loss.</param>
    public sealed record BatchEnd(int Epoch, int Batch, int Batches, double Loss) : TrainingEvent;

    /// <summary>An epoch has ended and been evaluated.</summary>
    /// <param name="Record">The epoch's losses and learning rate.</param>
    /// <param name="Epochs">The number of epochs asked for.</param>
    /// <param name="LowestValidLoss">The lowest validation loss so far (NaN without validation).</param>
    /// <param name="Improved">Whether this epoch is the new best.</param>
    public sealed record EpochEnd(EpochRecord Record, int Epochs, double LowestValidLoss, bool Improved) : TrainingEvent;

    /// <summary>Early stopping ended the run.</summary>
    /// <param name="Epoch">The last epoch run.</param>
    /// <param name="Patience">The patience that ran out.</param>
    public sealed record Stopped(int Epoch, int Patience) : TrainingEvent;
}
