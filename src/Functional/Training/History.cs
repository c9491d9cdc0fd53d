using System.Collections.Immutable;

namespace Functional;

/// <summary>One epoch's record: the train loss, the validation loss (NaN when there is none) and the learning rate in force.</summary>
/// <param name="Epoch">The 0-based epoch.</param>
/// <param name="TrainLoss">The mean training loss over the epoch's batches.</param>
/// <param name="ValidLoss">The validation loss after the epoch, or NaN.</param>
/// <param name="LearningRate">The learning rate in force during the epoch, or NaN when unknown.</param>
public readonly record struct EpochRecord(int Epoch, double TrainLoss, double ValidLoss, double LearningRate);

/// <summary>
/// The per-epoch history of a run: an immutable list of <see cref="EpochRecord"/>s. Two histories are equal when
/// they hold equal records in the same order.
/// </summary>
/// <param name="Epochs">The records, oldest first.</param>
public sealed record History(ImmutableList<EpochRecord> Epochs)
{
    /// <summary>A history of a copy of <paramref name="epochs"/>, oldest first.</summary>
    public History(IEnumerable<EpochRecord> epochs) : this(epochs.ToImmutableList()) { }

    /// <summary>The empty history.</summary>
    public static History Empty { get; } = new(ImmutableList<EpochRecord>.Empty);

    /// <summary>This history with <paramref name="record"/> appended.</summary>
    public History Add(EpochRecord record) => new(Epochs.Add(record));

    /// <summary>The train losses, oldest first.</summary>
    public ImmutableArray<double> TrainLoss => [.. Epochs.Select(e => e.TrainLoss)];

    /// <summary>The validation losses, oldest first.</summary>
    public ImmutableArray<double> ValidLoss => [.. Epochs.Select(e => e.ValidLoss)];

    /// <summary>The lowest validation loss and its epoch, or null when there is none.</summary>
    public (double Loss, int Epoch)? Lowest
    {
        get
        {
            (double Loss, int Epoch)? best = null;
            foreach (var e in Epochs)
                if (!double.IsNaN(e.ValidLoss) && (best is null || e.ValidLoss <= best.Value.Loss)) best = (e.ValidLoss, e.Epoch);
            return best;
        }
    }

    /// <summary>Structural equality: equal records in the same order.</summary>
    public bool Equals(History? other) => other is not null && Epochs.SequenceEqual(other.Epochs);

    /// <inheritdoc />
    public override int GetHashCode() => Epochs.Aggregate(Epochs.Count, (h, e) => HashCode.Combine(h, e));
}
