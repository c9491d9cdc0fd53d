using System.Numerics;

namespace Functional;

/// <summary>
/// A data set as a pair of tensors whose first dimension is the sample: <see cref="Features"/>
/// (n, ...) and <see cref="Targets"/> (n, ...). Every operation returns a new value; rows are copied,
/// never shared with the source. Randomness comes only from an explicit <see cref="Rng"/>.
/// </summary>
/// <param name="Features">The inputs, one row per sample.</param>
/// <param name="Targets">The targets, one row per sample: (n, 1) for the book's regression and binary sets.</param>
/// <example><code>
/// var parts = data.RandomSplit([0.6, 0.2, 0.2], new Rng(42));   // train, validation, test
/// foreach (var batch in parts[0].Shuffle(new Rng(1)).Batches(128)) { ... }
/// </code></example>
public sealed record Dataset<T>(Tensor<T> Features, Tensor<T> Targets) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The features and targets, checked to have the same number of rows.</summary>
    public Tensor<T> Features { get; init; } = Check(Features, Targets).Features;

    /// <summary>The number of samples (rows).</summary>
    public int Count => Features.Rank == 0 ? 0 : Features.Shape[0];

    private static (Tensor<T> Features, Tensor<T> Targets) Check(Tensor<T> features, Tensor<T> targets)
    {
        if (features.Rank == 0 || targets.Rank == 0)
            throw new ArgumentException($"Dataset: features and targets need a sample dimension, got shapes {features.Shape} and {targets.Shape}");
        if (features.Shape[0] != targets.Shape[0])
            throw new ArgumentException($"Dataset: features have {features.Shape[0]} rows but targets have {targets.Shape[0]} (shapes {features.Shape} and {targets.Shape})");
        return (features, targets);
    }

    /// <summary>
    /// The rows at <paramref name="indices"/>, in that order (PyTorch's <c>index_select</c> on dim 0).
    /// Indices may repeat; each must lie in [0, <see cref="Count"/>).
    /// </summary>
    public Dataset<T> Select(IReadOnlyList<int> indices) => new(Rows(Features, indices), Rows(Targets, indices));

    /// <summary>The same rows in an order that depends only on <paramref name="rng"/> (<see cref="Rng.Permutation"/>).</summary>
    public Dataset<T> Shuffle(Rng rng) => Select(rng.Permutation(Count));

    /// <summary>The first <paramref name="n"/> rows (all of them when <paramref name="n"/> ≥ <see cref="Count"/>).</summary>
    public Dataset<T> Take(int n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), $"Take({n}): n must not be negative");
        return Range(0, Math.Min(n, Count));
    }

    /// <summary>Rows <paramref name="start"/> .. <paramref name="start"/> + <paramref name="length"/> - 1.</summary>
    public Dataset<T> Range(int start, int length)
    {
        if (start < 0 || length < 0 || start + length > Count)
            throw new ArgumentOutOfRangeException(nameof(start), $"rows {start}..{start + length - 1} are outside a data set of {Count} rows");
        return new(Slice(Features, start, length), Slice(Targets, start, length));
    }

    /// <summary>
    /// Consecutive batches of <paramref name="size"/> rows, in order; the last batch holds the remainder and
    /// is kept (PyTorch's <c>split(size, dim=0)</c>, or a <c>DataLoader</c> with <c>drop_last=False</c>).
    /// Shuffle first for random batches.
    /// </summary>
    public IEnumerable<Dataset<T>> Batches(int size)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), $"Batches({size}): the batch size must be positive");
        for (var start = 0; start < Count; start += size)
            yield return Range(start, Math.Min(size, Count - start));
    }

    /// <summary>
    /// Shuffles with <paramref name="rng"/>, then cuts the rows into consecutive parts by <paramref name="ratios"/>,
    /// as the book does: part i has <c>floor(n·ratios[i])</c> rows, except the last, which takes the rest,
    /// <c>n - sum(others)</c> (so 569 rows at 0.6/0.2/0.2 give 341/113/115).
    /// </summary>
    /// <param name="ratios">The fractions, each in [0, 1], summing to at most 1 (plus a small tolerance).</param>
    /// <param name="rng">The key of the shuffle.</param>
    public Dataset<T>[] RandomSplit(IReadOnlyList<double> ratios, Rng rng)
    {
        var counts = SplitCounts(Count, ratios);
        var order = rng.Permutation(Count);                  // the rows of Shuffle(rng), each part gathered once
        var parts = new Dataset<T>[counts.Length];
        var start = 0;
        for (var i = 0; i < counts.Length; i++) { parts[i] = Select(new ArraySegment<int>(order, start, counts[i])); start += counts[i]; }
        return parts;
    }

    /// <summary>The part sizes of <see cref="RandomSplit"/>: <c>floor(n·r)</c> for each ratio but the last, which takes the rest.</summary>
    public static int[] SplitCounts(int n, IReadOnlyList<double> ratios)
    {
        if (ratios.Count == 0) throw new ArgumentException("RandomSplit needs at least one ratio");
        if (ratios.Any(r => r < 0 || r > 1 || double.IsNaN(r)))
            throw new ArgumentException($"RandomSplit ratios must lie in [0, 1], got [{string.Join(", ", ratios)}]");
        if (ratios.Sum() > 1 + 1e-9)
            throw new ArgumentException($"RandomSplit ratios sum to {ratios.Sum()}, more than 1");
        var counts = ratios.Select(r => (int)(n * r)).ToArray();
        counts[^1] = n - counts[..^1].Sum();
        return counts;
    }

    /// <summary>Formats as <c>Dataset(n=506, features=[506, 13], targets=[506, 1])</c>.</summary>
    public override string ToString() => $"Dataset(n={Count}, features={Features.Shape}, targets={Targets.Shape})";

    private static Tensor<T> Slice(Tensor<T> x, int start, int length)
    {
        if (start == 0 && length == x.Shape[0]) return x;       // tensors are immutable, so all rows need no copy
        var row = x.Size / Math.Max(1, x.Shape[0]);
        return new Tensor<T>(x.Shape.With(0, length), x.data.AsSpan(start * row, length * row).ToArray());
    }

    private static Tensor<T> Rows(Tensor<T> x, IReadOnlyList<int> indices)
    {
        var n = x.Shape[0];
        var row = x.Size / Math.Max(1, n);
        foreach (var k in indices)
            if (k < 0 || k >= n) throw new IndexOutOfRangeException($"row index {k} is out of range for a data set of {n} rows");
        var r = Buffers.Uninitialized<T>(indices.Count * row);
        Work.For(indices.Count, (long)indices.Count * row, i => x.data.AsSpan(indices[i] * row, row).CopyTo(r.AsSpan(i * row, row)));
        return new Tensor<T>(x.Shape.With(0, indices.Count), r);
    }
}
