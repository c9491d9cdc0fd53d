namespace Functional;

/// <summary>
/// Training stopped on a fault in the data or the numbers: a NaN or ±∞ in an input batch or a regression target, a
/// class-index target outside <c>[0, classes)</c>, or a loss that is not finite (unless the optimizer is wrapped in
/// <see cref="ApplyIfFinite"/>, which skips such steps instead). The message names the epoch, the batch and the
/// step, and for a data fault the row, both within the batch and in the training set as given.
/// </summary>
/// <remarks>
/// The properties are 0-based, as are <see cref="EpochRecord.Epoch"/> and <see cref="TrainState{T}.Step"/>; the
/// message counts from 1, as the training display does (<c>epoch 3/10, batch 17/94</c>).
/// </remarks>
/// <example><code>
/// try { run = trainer.Fit(state, train, valid, options); }
/// catch (TrainingException e) when (e.Row is { } row) { Console.WriteLine($"fix row {row} of the data: {e.Message}"); }
/// </code></example>
public sealed class TrainingException : Exception
{
    /// <summary>The 0-based epoch in which training stopped.</summary>
    public int Epoch { get; }

    /// <summary>The 0-based optimizer step that failed (the number of steps taken before it).</summary>
    public int Step { get; }

    /// <summary>The 0-based batch within the epoch, when the fault happened inside an epoch's fold.</summary>
    public int? Batch { get; }

    /// <summary>The 0-based row of the training set as given (before shuffling) that holds the fault, for a data fault inside an epoch.</summary>
    public int? Row { get; }

    /// <summary>The 0-based row within the batch that holds the fault, for a data fault.</summary>
    public int? BatchRow { get; }

    /// <summary>What is wrong, without the position (e.g. <c>the loss is NaN</c>).</summary>
    public string Fault { get; }

    /// <summary>A fault at the given position; the message is built from the position and <paramref name="fault"/>.</summary>
    /// <param name="fault">What is wrong.</param>
    /// <param name="epoch">The 0-based epoch.</param>
    /// <param name="step">The 0-based step.</param>
    /// <param name="batch">The 0-based batch within the epoch, and how many batches the epoch has, if known.</param>
    /// <param name="batchRow">The 0-based row within the batch, for a data fault.</param>
    /// <param name="row">The 0-based row of the training set, for a data fault.</param>
    /// <param name="inner">The error that revealed the fault, if any.</param>
    public TrainingException(string fault, int epoch, int step, (int Index, int Count)? batch = null, int? batchRow = null, int? row = null,
        Exception? inner = null)
        : base(Describe(fault, epoch, step, batch, batchRow, row), inner)
    {
        (Fault, Epoch, Step, Batch, BatchRow, Row) = (fault, epoch, step, batch?.Index, batchRow, row);
    }

    private static string Describe(string fault, int epoch, int step, (int Index, int Count)? batch, int? batchRow, int? row)
    {
        var where = batch is { } b ? $"epoch {epoch + 1}, batch {b.Index + 1}/{b.Count} (step {step + 1})" : $"epoch {epoch + 1}, step {step + 1}";
        var at = (batchRow, row) switch
        {
            ({ } br, { } r) => $"row {br} of the batch (row {r} of the training set): ",
            ({ } br, null) => $"row {br} of the batch: ",
            _ => "",
        };
        return $"{where}: {at}{fault}";
    }
}
