using System.Runtime.InteropServices;

namespace Functional.Benchmarks;

/// <summary>The peer: OpenBLAS's cblas_sgemm called directly, independent of the library's own binding.</summary>
static unsafe partial class NativeCblas
{
    const string Lib = "libopenblas.so.0";

    [LibraryImport(Lib)]
    public static partial void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [LibraryImport(Lib)]
    public static partial void openblas_set_num_threads(int n);

    /// <summary>True when the library loads.</summary>
    public static bool Available => NativeLibrary.TryLoad(Lib, out _);

    /// <summary>C = A·B, row-major, no transposes.</summary>
    public static void Sgemm(int m, int n, int k, float[] a, float[] b, float[] c)
    {
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
            cblas_sgemm(101, 111, 111, m, n, k, 1f, pa, k, pb, n, 0f, pc, n);
    }
}
