using FsCheck;
using FsCheck.Fluent;

namespace Functional.Testing;

/// <summary>
/// FsCheck generators for tensors, shapes, random keys and loss targets, in float64 for gradient checks.
/// Values are drawn from an explicit <see cref="Functional.Rng"/> that FsCheck chooses, so a failing case
/// replays from FsCheck's seed.
/// </summary>
/// <example><code>
/// using FsCheck.Fluent;
/// var inputs = Gens.Shape(minRank: 2).SelectMany(s => Gens.Tensor(s, -3, 3, minAbs: 1e-3));
/// </code></example>
public static partial class Gens
{
    /// <summary>Random keys: 62 random bits chosen by FsCheck.</summary>
    public static Gen<Rng> Rng()
        => Gen.Choose(0, int.MaxValue - 1).SelectMany(a => Gen.Choose(0, int.MaxValue - 1), (a, b) => new Rng(((ulong)a << 31) ^ (ulong)b));

    /// <summary>
    /// Small shapes: rank in [<paramref name="minRank"/>, <paramref name="maxRank"/>], each dimension in
    /// [<paramref name="minDim"/>, <paramref name="maxDim"/>]. When the product exceeds <paramref name="maxSize"/>
    /// the largest dimensions are shrunk (not below <paramref name="minDim"/>) so gradient checks stay fast.
    /// </summary>
    /// <param name="minRank">Smallest rank (at least 0).</param>
    /// <param name="maxRank">Largest rank.</param>
    /// <param name="minDim">Smallest dimension (at least 1).</param>
    /// <param name="maxDim">Largest dimension.</param>
    /// <param name="maxSize">Largest number of elements (soft: never shrinks a dimension below <paramref name="minDim"/>).</param>
    public static Gen<Shape> Shape(int minRank = 1, int maxRank = 4, int minDim = 1, int maxDim = 6, int maxSize = 256)
    {
        if (minRank < 0 || maxRank < minRank) throw new ArgumentException($"Gens.Shape: invalid rank range [{minRank}, {maxRank}]");
        if (minDim < 1 || maxDim < minDim) throw new ArgumentException($"Gens.Shape: invalid dimension range [{minDim}, {maxDim}]");
        return Gen.Choose(minRank, maxRank)
            .SelectMany(rank => Gen.ArrayOf(Gen.Choose(minDim, maxDim), rank))
            .Select(dims => new Shape(Cap(dims, minDim, maxSize)));
    }

    /// <summary>Shapes of exactly rank <paramref name="rank"/>; see <see cref="Shape(int, int, int, int, int)"/>.</summary>
    public static Gen<Shape> ShapeOfRank(int rank, int minDim = 1, int maxDim = 6, int maxSize = 256)
        => Shape(rank, rank, minDim, maxDim, maxSize);

    /// <summary>A dimension index of a tensor of rank <paramref name="rank"/>, negative (from the end) or not: [-rank, rank-1].</summary>
    public static Gen<int> Dim(int rank)
    {
        if (rank < 1) throw new ArgumentException($"Gens.Dim: rank {rank} has no dimensions");
        return Gen.Choose(-rank, rank - 1);
    }

    private static int[] Cap(int[] dims, int minDim, int maxSize)
    {
        var d = (int[])dims.Clone();
        while (d.Length > 0 && Size(d) > maxSize)
        {
            var i = Array.IndexOf(d, d.Max());
            if (d[i] <= minDim) break;
            d[i]--;
        }
        return d;
    }

    private static long Size(int[] d) => d.Aggregate(1L, (a, b) => a * b);
}
