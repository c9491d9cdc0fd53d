using BenchmarkDotNet.Attributes;

namespace Functional.Benchmarks.Micro;

/// <summary>
/// float32 GEMM <c>C = A·B</c> (row-major, no transposes) through the library's <see cref="Blas.Gemm{T}"/> (the active
/// backend at its default thread count) against a direct OpenBLAS <c>cblas_sgemm</c> call through this project's own
/// binding (<see cref="NativeCblas"/>), the baseline. Shapes: the MLP's first layer at batch 128 (128×784×256) and 512³.
/// The ratio column is library / direct: 1.00 means the library's path costs nothing over OpenBLAS.
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    float[] a = [], b = [], c = [];
    int m, k, n;

    /// <summary>The shape m×k×n.</summary>
    [Params("128x784x256", "512x512x512")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _ = Blas.Describe();   // the library loads OpenBLAS first, with its settings (OPENBLAS_THREAD_TIMEOUT)
        if (!NativeCblas.Available)
            throw new InvalidOperationException("OpenBLAS (libopenblas.so.0) is not installed: apt-get install libopenblas0-pthread");
        var dims = Shape.Split('x').Select(int.Parse).ToArray();
        (m, k, n) = (dims[0], dims[1], dims[2]);
        var rng = new Random(42);
        a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        c = new float[m * n];
    }

    [Benchmark(Baseline = true, Description = "cblas_sgemm (direct)")]
    public void Direct() => NativeCblas.Sgemm(m, n, k, a, b, c);

    [Benchmark(Description = "Blas.Gemm (library)")]
    public void Library() => Blas.Gemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
}
