using System.Numerics;

namespace Functional;

internal sealed unsafe partial class ManagedGemm
{
    /// <summary>
    /// Whether a parallel product splits its columns rather than its rows: when op(A) is short (at most
    /// <see cref="ColumnSplitRows"/> rows) and op(B) has at least two column panels per thread. Split by rows, every
    /// thread needs all of op(B), so it is packed once per K slice on one thread while the other waits, with a barrier
    /// per slice; for the MLP's 128-row products that serial packing cost a third of the second thread's gain. Split by
    /// columns, each thread packs its own panels of op(B) and all of the small op(A), and runs all K slices, with one
    /// barrier per product.
    /// </summary>
    const int ColumnSplitRows = 256;

    static bool SplitsColumns(int m, int n, int nr, int threads) => threads > 1 && m <= ColumnSplitRows && CeilDiv(n, nr) >= 2 * threads;

    /// <summary>
    /// The product split by column panels across <paramref name="threads"/> workers. Each C tile is computed as on one
    /// thread (the same K slices in the same order, MC-row blocks and nr-column panels on the same boundaries, the same
    /// micro-kernel), so the bits do not depend on the thread count.
    /// </summary>
    void RunColumns<T>(bool transA, bool transB, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, T beta, T* c, int ldc, int nr, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var panels = CeilDiv(n, nr);
        var kStep = CeilDiv(k, CeilDiv(k, KC));
        nint pa = (nint)a, pb = (nint)b, pc = (nint)c;
        System.Threading.Tasks.Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int from = (int)((long)panels * t / threads), to = (int)((long)panels * (t + 1) / threads);
            int j0 = from * nr, ncb = Math.Min(n, to * nr) - j0;
            if (ncb <= 0) return;
            // The same NC-column slabs as on one thread, cut at this worker's panels.
            for (var jc = j0; jc < j0 + ncb; jc += NC - (jc % NC))
            {
                var slab = Math.Min(NC - jc % NC, j0 + ncb - jc);
                using var bpBuffer = Buffers.Scratch<T>(kStep * RoundUp(slab, nr));
                fixed (T* bp = bpBuffer.Array)
                {
                    for (var p0 = 0; p0 < k; p0 += kStep)
                    {
                        var kc = Math.Min(kStep, k - p0);
                        PackB(transB, (T*)pb, ldb, p0, jc, kc, slab, nr, bp);
                        var betaNow = p0 == 0 ? beta : T.One;
                        for (var ic = 0; ic < m; ic += MC)
                            Block((T*)pa, lda, transA, bp, (T*)pc, ldc, ic, Math.Min(MC, m - ic), jc, slab, p0, kc, 0, CeilDiv(slab, nr), nr, alpha, betaNow);
                    }
                }
            }
        });
    }
}
