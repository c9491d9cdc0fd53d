using System.Numerics;

namespace Functional;

/// <summary>
/// General matrix multiply, C = alpha·op(A)·op(B) + beta·C, on row-major spans. This is the one
/// place the library's heavy arithmetic goes through; see <see cref="Backend"/> for which kernel runs.
/// </summary>
public static partial class Blas
{
    /// <summary>
    /// Row-major GEMM: <c>C[m×n] = alpha · op(A) · op(B) + beta · C</c>, where op(A) is m×k and op(B) is k×n.
    /// <paramref name="lda"/>, <paramref name="ldb"/> and <paramref name="ldc"/> are the row strides of the stored matrices.
    /// </summary>
    public static void Gemm<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0) return;
        ManagedGemm.Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>The name of the active GEMM backend.</summary>
    public static string Backend => "managed";
}

/// <summary>The portable GEMM kernel used when OpenBLAS is not available.</summary>
internal static class ManagedGemm
{
    public static void Run<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < m; i++)
        {
            var crow = c.Slice(i * ldc, n);
            if (beta == T.Zero) crow.Clear();
            else if (beta != T.One) for (var j = 0; j < n; j++) crow[j] *= beta;
            for (var p = 0; p < k; p++)
            {
                var av = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
                if (av == T.Zero) continue;
                if (!transB)
                {
                    var brow = b.Slice(p * ldb, n);
                    for (var j = 0; j < n; j++) crow[j] += av * brow[j];
                }
                else
                    for (var j = 0; j < n; j++) crow[j] += av * b[j * ldb + p];
            }
        }
    }
}
