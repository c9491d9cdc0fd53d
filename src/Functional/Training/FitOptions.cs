namespace Functional;

/// <summary>How <see cref="Trainer{T}.Fit"/> runs.</summary>
/// <param name="Epochs">The epoch count to reach (a resumed run continues from its own epoch up to this).</param>
/// <param name="BatchSize">The minibatch size (the last partial batch is kept).</param>
/// <param name="Patience">Early-stopping patience in epochs; null never stops early.</param>
/// <param name="MinDelta">The smallest decrease of the validation loss that counts as an improvement.</param>
/// <param name="RestoreBest">Whether the result's weights are those of the lowest validation loss (the book's behaviour).</param>
/// <param name="Shuffle">Whether each epoch shuffles the training set.</param>
/// <param name="EvalBatchSize">The batch size for validation (default: <paramref name="BatchSize"/>).</param>
public sealed record FitOptions(int Epochs, int BatchSize, int? Patience = null, double MinDelta = 0, bool RestoreBest = true,
    bool Shuffle = true, int? EvalBatchSize = null)
{
    /// <summary>The epoch count, checked.</summary>
    public int Epochs { get; init; } = Epochs > 0 ? Epochs : throw new ArgumentOutOfRangeException(nameof(Epochs), "epochs must be positive");

    /// <summary>The batch size, checked.</summary>
    public int BatchSize { get; init; } = BatchSize > 0 ? BatchSize : throw new ArgumentOutOfRangeException(nameof(BatchSize), "batch size must be positive");
}
