namespace Functional.Benchmarks;

/// <summary>
/// float32 GEMM at the MLP's shape (128×784×256) and at 512³. Prints a Markdown table of GFLOPS (median of reps,
/// contenders alternated) and the ratio ours/peer.
/// </summary>
static class GemmBenchmark
{
    public static int Run(string[] args)
    {
        var reps = Timing.Option(args, "--reps", 25);
        // The library loads OpenBLAS first, so the library's settings for it (OPENBLAS_THREAD_TIMEOUT) hold for the peer too.
        var description = Blas.Describe();
        var hasOpenBlas = NativeCblas.Available;
        var defaultThreads = Blas.Threads;
        Console.WriteLine($"# GEMM float32 — {description}");
        Console.WriteLine($"OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}, " +
                          $"{Environment.ProcessorCount} processors, median of {reps} reps after warm-up");
        if (!hasOpenBlas) Console.WriteLine("OpenBLAS is not installed: only the managed kernel is timed (apt-get install libopenblas0-pthread).");
        Console.WriteLine();
        Console.WriteLine("GFLOPS are median / best; ratios are ours/peer of the median times and of the best times.");
        Console.WriteLine();
        Console.WriteLine("| shape (m×k×n) | ours | threads | ours GFLOPS | peer | peer GFLOPS | ratio (median) | ratio (best) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (m, k, n) in new[] { (128, 784, 256), (512, 512, 512) })
        {
            var rng = new Random(42);
            var a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
            var b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
            float[] c1 = new float[m * n], c2 = new float[m * n];
            var flop = 2.0 * m * n * k;
            void Row(string ours, string peer, int threads, Action o, Action? p)
            {
                Blas.SetThreads(threads);
                if (hasOpenBlas) NativeCblas.openblas_set_num_threads(threads);
                var t = p is null ? Timing.Medians(3, reps, o) : Timing.Medians(3, reps, o, p);
                string Gflops((double Median, double Best) x) => $"{flop / x.Median / 1e9:F1} / {flop / x.Best / 1e9:F1}";
                var peerCells = p is null ? "— | — | — | —"
                    : $"{peer} | {Gflops(t[1])} | {t[1].Median / t[0].Median:P0} | {t[1].Best / t[0].Best:P0}";
                Console.WriteLine($"| {m}×{k}×{n} | {ours} | {threads} | {Gflops(t[0])} | {peerCells} |");
            }
            void Library() => Blas.Gemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c1, n);
            void Managed() => Blas.GemmWith(Blas.Managed, false, false, m, n, k, 1f, a, k, b, n, 0f, c1, n);
            void Direct() => NativeCblas.Sgemm(m, n, k, a, b, c2);
            Action? peer = hasOpenBlas ? Direct : null;
            Row($"Blas.Gemm ({Blas.Backend})", "direct cblas_sgemm", defaultThreads, Library, peer);
            Row("managed kernel", "OpenBLAS cblas_sgemm", 1, Managed, peer);
            Row("managed kernel", "OpenBLAS cblas_sgemm", defaultThreads, Managed, peer);
        }
        Blas.SetThreads(defaultThreads);
        return 0;
    }
}
