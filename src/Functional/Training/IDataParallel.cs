using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// The group of processes (ranks) a data-parallel run spans, as <see cref="Trainer{T}"/> needs it: which rank this
/// process is, how many there are, and two collective operations over a few numbers. Every rank must make the same
/// calls in the same order. The package <c>Functional.Distributed</c> implements it over MPI (<c>Communicator</c>);
/// a world of one rank is the single process.
/// </summary>
/// <remarks>
/// With <see cref="Trainer{T}.Parallel"/> set, each global batch of the epoch is cut into <see cref="Size"/>
/// contiguous slices and this rank trains on slice <see cref="Rank"/>; the epoch and validation losses are summed
/// across ranks weighted by their counts, so they mean what a single process's mean. Averaging the gradients is the
/// optimizer's job (<c>Distributed.MeanGradients</c>).
/// </remarks>
public interface IDataParallel
{
    /// <summary>This process's rank, in [0, <see cref="Size"/>).</summary>
    int Rank { get; }

    /// <summary>The number of ranks (1 for a single process).</summary>
    int Size { get; }

    /// <summary>The element-wise sum of <paramref name="values"/> over every rank (an all-reduce); every rank gets the result.</summary>
    /// <param name="values">This rank's values; every rank passes the same count.</param>
    ImmutableArray<double> Sum(ImmutableArray<double> values);

    /// <summary>Rank <paramref name="root"/>'s <paramref name="values"/>, on every rank.</summary>
    /// <param name="values">The values (read on the root; on the other ranks only their count matters, and it must match).</param>
    /// <param name="root">The rank whose values everyone gets.</param>
    ImmutableArray<double> Broadcast(ImmutableArray<double> values, int root);
}

/// <summary>Helpers for a group of ranks: how a global batch is cut among them, and a check that they hold the same values.</summary>
public static class DataParallel
{
    /// <summary>
    /// The contiguous slice of a batch of <paramref name="count"/> rows that rank <paramref name="rank"/> of
    /// <paramref name="size"/> takes: rows <c>[count·r/size, count·(r+1)/size)</c>. The slices cover the batch, in order,
    /// and differ in length by at most one row, so <paramref name="count"/> need not divide evenly (a rank may get none).
    /// </summary>
    /// <returns>The first row and the row count of the slice.</returns>
    /// <example><code>DataParallel.Slice(65, 1, 2)   // (32, 33)</code></example>
    public static (int Start, int Count) Slice(int count, int rank, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (size <= 0 || rank < 0 || rank >= size) throw new ArgumentOutOfRangeException(nameof(rank), $"rank {rank} is not in a world of size {size}");
        var start = (int)((long)count * rank / size);
        var end = (int)((long)count * (rank + 1) / size);
        return (start, end - start);
    }

    /// <summary>
    /// Checks that <paramref name="tree"/> is the same on every rank (parameters started from one seed, say), by
    /// comparing each rank's checksum with rank 0's; every rank learns the outcome, so all fail together.
    /// </summary>
    /// <param name="group">The ranks.</param>
    /// <param name="tree">The tree to compare.</param>
    /// <param name="what">What the tree is, for the message (e.g. "the initial parameters").</param>
    /// <exception cref="InvalidOperationException">Some rank's tree differs from rank 0's; the message counts them.</exception>
    public static void CheckSame<T>(this IDataParallel group, Tree<T> tree, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(tree);
        if (group.Size == 1) return;
        var mine = Checksum(tree);
        var root = group.Broadcast([mine.Sum, mine.Weighted, mine.Count], 0);
        var differ = root[0] != mine.Sum || root[1] != mine.Weighted || root[2] != mine.Count ? 1.0 : 0.0;
        var ranks = group.Sum([differ])[0];
        if (ranks > 0)
            throw new InvalidOperationException($"{what} differ between ranks: {ranks} of {group.Size} rank(s) hold values other than rank 0's (start every rank from the same seed)");
    }

    // Two sums that any differing value changes (the second weights each value by its position), and the count.
    private static (double Sum, double Weighted, double Count) Checksum<T>(Tree<T> tree) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double s = 0, w = 0;
        long i = 0;
        foreach (var v in tree.Values())
            foreach (var x in v.Span)
            {
                var d = double.CreateChecked(x);
                s += d;
                w += d * (1 + (i++ % 1021));
            }
        return (s, w, i);
    }
}
