using System.Numerics;
using System.Runtime.Intrinsics;

namespace Functional;

/// <summary>
/// The portable GEMM backend: a blocked, packed SIMD kernel in the style of BLIS/GotoBLAS. C is cut into
/// NC-column slabs and K into KC-deep slices; each slice of op(B) is packed into NR-wide column panels,
/// each MC-row block of op(A) into MR-tall row panels, and an MR×NR register-tiled micro-kernel
/// (<see cref="System.Runtime.Intrinsics.Vector512"/> when accelerated, else
/// <see cref="System.Runtime.Intrinsics.Vector256"/>, with fused multiply-add) runs over the packed panels.
/// Row blocks (and, for short matrices, column panels) run in parallel when the product is large.
/// </summary>
internal sealed unsafe partial class ManagedGemm : IGemmBackend
{
    /// <summary>Micro-tile height (rows of C per micro-kernel call).</summary>
    internal const int MR = 6;
    const int KC = 256, MC = 120, NC = 2048;

    /// <summary>Products with fewer multiply-adds than this run on one thread.</summary>
    const long DefaultParallelThreshold = 1L << 20;

    /// <summary>The backend used by <see cref="Blas"/>: widest accelerated vectors, <see cref="Blas.Threads"/> threads.</summary>
    public static readonly ManagedGemm Instance = new();

    readonly bool wide;
    readonly int fixedThreads;
    readonly long parallelThreshold;

    /// <summary>
    /// A kernel configuration. <paramref name="vectorBits"/> is 512 or 256 (0 picks 512 when Vector512 is accelerated);
    /// <paramref name="threads"/> 0 follows <see cref="Blas.Threads"/>; <paramref name="parallelThreshold"/> is the
    /// multiply-add count from which work is split across threads (tests lower it to exercise the parallel path).
    /// </summary>
    internal ManagedGemm(int vectorBits = 0, int threads = 0, long parallelThreshold = DefaultParallelThreshold)
    {
        wide = vectorBits == 0 ? Vector512.IsHardwareAccelerated : vectorBits == 512;
        fixedThreads = threads;
        this.parallelThreshold = parallelThreshold;
    }

    /// <inheritdoc/>
    public string Name => "managed";

    /// <inheritdoc/>
    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
            Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    /// <inheritdoc/>
    public void Gemm(bool transA, bool transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        fixed (double* pa = a) fixed (double* pb = b) fixed (double* pc = c)
            Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    void Run<T>(bool transA, bool transB, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, T beta, T* c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m <= ThinRows(transB)) { Thin(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); return; }
        int nr = 2 * (wide ? Vector512<T>.Count : Vector256<T>.Count);
        var threads = (long)m * n * k < parallelThreshold ? 1 : Math.Max(1, fixedThreads > 0 ? fixedThreads : Blas.ManagedThreads);
        if (SplitsColumns(m, n, nr, threads)) { RunColumns(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, nr, threads); return; }
        var mc = threads == 1 ? MC : Math.Min(MC, RoundUp(CeilDiv(m, threads), MR));
        var mBlocks = CeilDiv(m, mc);
        var kStep = CeilDiv(k, CeilDiv(k, KC));   // equal K slices: 784 → 4 × 196 rather than 3 × 256 + 16
        using var bpBuffer = Buffers.Scratch<T>(kStep * RoundUp(Math.Min(NC, n), nr));
        {
            fixed (T* bpFixed = bpBuffer.Array)
            {
                nint bp = (nint)bpFixed, pa = (nint)a, pb = (nint)b, pc = (nint)c;
                for (var jc = 0; jc < n; jc += NC)
                {
                    var ncb = Math.Min(NC, n - jc);
                    var panels = CeilDiv(ncb, nr);
                    var nChunks = Math.Min(panels, threads > mBlocks ? CeilDiv(threads, mBlocks) : 1);
                    for (var p0 = 0; p0 < k; p0 += kStep)
                    {
                        var kc = Math.Min(kStep, k - p0);
                        PackB(transB, b, ldb, p0, jc, kc, ncb, nr, (T*)bp);
                        var betaNow = p0 == 0 ? beta : T.One;
                        int jcNow = jc, p0Now = p0;
                        void RunTask(int t)
                        {
                            int ib = t / nChunks, jb = t % nChunks;
                            int ic = ib * mc, mcb = Math.Min(mc, m - ic);
                            int panelFrom = jb * panels / nChunks, panelTo = (jb + 1) * panels / nChunks;
                            Block((T*)pa, lda, transA, (T*)bp, (T*)pc, ldc, ic, mcb, jcNow, ncb, p0Now, kc,
                                panelFrom, panelTo, nr, alpha, betaNow);
                        }
                        var tasks = mBlocks * nChunks;
                        if (threads == 1 || tasks == 1)
                            for (var t = 0; t < tasks; t++) RunTask(t);
                        else
                            System.Threading.Tasks.Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = threads }, RunTask);
                    }
                }
            }
        }
    }

    /// <summary>Packs one MC×KC block of op(A) and runs the micro-kernel over the given column panels of the packed B.</summary>
    void Block<T>(T* a, int lda, bool transA, T* bp, T* c, int ldc, int ic, int mcb, int jc, int ncb, int p0, int kc,
        int panelFrom, int panelTo, int nr, T alpha, T beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var apBuffer = Buffers.Scratch<T>(RoundUp(mcb, MR) * kc);
        {
            fixed (T* ap = apBuffer.Array)
            {
                PackA(transA, a, lda, ic, p0, mcb, kc, ap);
                for (var panel = panelFrom; panel < panelTo; panel++)
                {
                    var jr = panel * nr;
                    var nrb = Math.Min(nr, ncb - jr);
                    var bPanel = bp + (nint)jr * kc;
                    for (var ir = 0; ir < mcb; ir += MR)
                    {
                        var cTile = c + (nint)(ic + ir) * ldc + jc + jr;
                        var mrb = Math.Min(MR, mcb - ir);
                        if (wide) Kernel512(kc, ap + (nint)ir * kc, bPanel, cTile, ldc, alpha, beta, mrb, nrb);
                        else Kernel256(kc, ap + (nint)ir * kc, bPanel, cTile, ldc, alpha, beta, mrb, nrb);
                    }
                }
            }
        }
    }

    /// <summary>Packs op(A)[i0.., p0..] (mcb×kc) into MR-row panels, each stored k-major (MR values per k), zero-padded.</summary>
    static void PackA<T>(bool transA, T* a, int lda, int i0, int p0, int mcb, int kc, T* dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var ir = 0; ir < mcb; ir += MR, dst += MR * kc)
        {
            var mr = Math.Min(MR, mcb - ir);
            if (transA)
            {
                // op(A)(i, p) = a[p·lda + i]: the MR values for one p are contiguous.
                for (var p = 0; p < kc; p++)
                {
                    var src = a + (nint)(p0 + p) * lda + i0 + ir;
                    var d = dst + p * MR;
                    var r = 0;
                    for (; r < mr; r++) d[r] = src[r];
                    for (; r < MR; r++) d[r] = T.Zero;
                }
            }
            else if (mr == MR)
            {
                // op(A)(i, p) = a[i·lda + p]: interleave six row streams.
                T* s0 = a + (nint)(i0 + ir) * lda + p0, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda, s4 = s3 + lda, s5 = s4 + lda;
                for (var p = 0; p < kc; p++)
                {
                    var d = dst + p * MR;
                    d[0] = s0[p]; d[1] = s1[p]; d[2] = s2[p]; d[3] = s3[p]; d[4] = s4[p]; d[5] = s5[p];
                }
            }
            else
            {
                for (var r = 0; r < MR; r++)
                {
                    var src = a + (nint)(i0 + ir + r) * lda + p0;
                    for (var p = 0; p < kc; p++) dst[p * MR + r] = r < mr ? src[p] : T.Zero;
                }
            }
        }
    }

    /// <summary>Packs op(B)[p0.., j0..] (kc×ncb) into nr-column panels, each stored k-major (nr values per k), zero-padded.</summary>
    static void PackB<T>(bool transB, T* b, int ldb, int p0, int j0, int kc, int ncb, int nr, T* dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var jr = 0; jr < ncb; jr += nr, dst += nr * kc)
        {
            var w = Math.Min(nr, ncb - jr);
            if (transB)
            {
                // op(B)(p, j) = b[j·ldb + p]: walk nr stored rows side by side, writing packed rows contiguously.
                var src = b + (nint)(j0 + jr) * ldb + p0;
                for (var p = 0; p < kc; p++)
                {
                    T* s = src + p, d = dst + p * nr;
                    var j = 0;
                    for (; j < w; j++) d[j] = s[(nint)j * ldb];
                    for (; j < nr; j++) d[j] = T.Zero;
                }
            }
            else
            {
                for (var p = 0; p < kc; p++)
                {
                    T* src = b + (nint)(p0 + p) * ldb + j0 + jr, d = dst + p * nr;
                    if (w == nr)
                        for (var q = 0; q < nr; q += Vector256<T>.Count) Vector256.Load(src + q).Store(d + q);
                    else
                    {
                        var j = 0;
                        for (; j < w; j++) d[j] = src[j];
                        for (; j < nr; j++) d[j] = T.Zero;
                    }
                }
            }
        }
    }

    static int CeilDiv(int x, int y) => (x + y - 1) / y;
    static int RoundUp(int x, int y) => CeilDiv(x, y) * y;

    /// <summary>The reference triple loop, for element types other than float and double.</summary>
    internal static void Naive<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                var sum = T.Zero;
                for (var p = 0; p < k; p++)
                    sum += (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                c[i * ldc + j] = beta == T.Zero ? alpha * sum : alpha * sum + beta * c[i * ldc + j];
            }
    }
}
