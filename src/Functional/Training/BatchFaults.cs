using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;

namespace Functional;

/// <summary>The data faults a training step refuses before it runs: a NaN or ±∞ in a batch's features or targets.</summary>
internal static class BatchFaults
{
    /// <summary>The first non-finite value of <paramref name="batch"/> (features first), with its row; null when all are finite.</summary>
    /// <remarks>One vectorised pass over each tensor (<c>TensorPrimitives.IsFiniteAll</c>); the slow search runs only on failure.</remarks>
    public static (int Row, string Fault)? Find<T>(Dataset<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
        => Find(batch.Features, "input feature") ?? Find(batch.Targets, "target");

    private static (int Row, string Fault)? Find<T>(Tensor<T> t, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var span = t.Span;
        if (TensorPrimitives.IsFiniteAll(span)) return null;
        var i = 0;
        while (T.IsFinite(span[i])) i++;
        var width = t.Size / Math.Max(1, t.Shape[0]);
        var value = double.CreateTruncating(span[i]).ToString(CultureInfo.InvariantCulture);
        var name = width == 1 ? what : $"{what} {i % width} (of {width})";
        return (i / width, $"{name} is {value} (NaN and ±∞ cannot be trained on; clean or impute the data)");
    }

    /// <summary>The row of the flat index <paramref name="index"/> into <paramref name="targets"/>.</summary>
    public static int RowOf<T>(int index, Tensor<T> targets) where T : unmanaged, IFloatingPointIeee754<T>
        => targets.Rank == 0 ? 0 : index / Math.Max(1, targets.Size / Math.Max(1, targets.Shape[0]));
}
