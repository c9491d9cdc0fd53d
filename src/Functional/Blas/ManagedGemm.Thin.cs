using System.Numerics;
using System.Numerics.Tensors;

namespace Functional;

/// <summary>
/// Very short products (a row or three of C, as in batch-1 inference) skip packing: packing B would cost as much
/// as the multiply. Each row of C is built from contiguous rows of B with vectorized dot products or axpys.
/// </summary>
internal sealed unsafe partial class ManagedGemm
{
    /// <summary>
    /// The largest m that takes the unpacked path: 3 rows, or 8 when B is transposed (packing a transposed B is
    /// scalar, so the dot-product path wins for longer).
    /// </summary>
    internal static int ThinRows(bool transB) => transB ? 8 : 3;

    static void Thin<T>(bool transA, bool transB, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, T beta, T* c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var buffer = Buffers.Scratch<T>(k + n);
        {
            Span<T> aRow = buffer.Span[..k], acc = buffer.Span.Slice(k, n);
            for (var i = 0; i < m; i++)
            {
                for (var p = 0; p < k; p++) aRow[p] = transA ? a[(nint)p * lda + i] : a[(nint)i * lda + p];
                if (transB)
                    for (var j = 0; j < n; j++) acc[j] = TensorPrimitives.Dot<T>(aRow, new ReadOnlySpan<T>(b + (nint)j * ldb, k));
                else
                {
                    acc.Clear();
                    for (var p = 0; p < k; p++)
                        TensorPrimitives.MultiplyAdd<T>(new ReadOnlySpan<T>(b + (nint)p * ldb, n), aRow[p], acc, acc);
                }
                var cRow = new Span<T>(c + (nint)i * ldc, n);
                if (beta == T.Zero) TensorPrimitives.Multiply<T>(acc, alpha, cRow);
                else
                {
                    TensorPrimitives.Multiply<T>(cRow, beta, cRow);
                    TensorPrimitives.MultiplyAdd<T>(acc, alpha, cRow, cRow);
                }
            }
        }
    }
}
