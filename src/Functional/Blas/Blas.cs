using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Functional;

/// <summary>
/// General matrix multiply, C = alpha·op(A)·op(B) + beta·C, on row-major spans. This is the one
/// place the library's heavy arithmetic goes through. Two backends implement it: Debian's OpenBLAS
/// (<c>libopenblas0-pthread</c>, called through CBLAS) and a managed, blocked SIMD kernel. When OpenBLAS loads, each
/// GEMM shape runs on whichever of the two was faster for it, timed once per machine and configuration and kept in a
/// plan file, so that the same configuration always computes with the same backend (<c>auto</c>, see
/// docs/performance.md); otherwise the managed kernel runs. The environment variable
/// <c>FUNCTIONAL_BLAS=managed|openblas</c> forces one, and <c>FUNCTIONAL_BLAS=/path/to/libopenblas.so</c> forces
/// OpenBLAS loaded from that file.
/// </summary>
/// <example>
/// <code>
/// // C (2×2) = A (2×3) · Bᵀ, where B is stored 2×3
/// Blas.Gemm(false, true, 2, 2, 3, 1f, a, 3, b, 3, 0f, c, 2);
/// Console.WriteLine(Blas.Describe());   // "openblas, 2 threads, AVX2+FMA (Vector256), ..."
/// </code>
/// </example>
public static partial class Blas
{
    /// <summary>The environment variable that forces a backend: <c>managed</c>, <c>openblas</c>, or the path of an OpenBLAS library.</summary>
    public const string EnvironmentVariable = "FUNCTIONAL_BLAS";

    static readonly Lazy<IGemmBackend> active = new(() => Select(Environment.GetEnvironmentVariable(EnvironmentVariable), OpenBlas.Instance, OpenBlas.LoadError));
    static int threads = OpenBlas.Instance?.Threads ?? Environment.ProcessorCount;

    /// <summary>
    /// Row-major GEMM: <c>C[m×n] = alpha · op(A) · op(B) + beta · C</c>, where op(A) is m×k and op(B) is k×n.
    /// <paramref name="lda"/>, <paramref name="ldb"/> and <paramref name="ldc"/> are the row strides of the stored matrices
    /// (A is stored m×k, or k×m when <paramref name="transA"/>; likewise B). As in BLAS, when <paramref name="beta"/> is zero
    /// C is not read (NaN in C does not propagate), and when <paramref name="alpha"/> is zero or k is zero A and B are not read.
    /// </summary>
    public static void Gemm<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
        => GemmWith(active.Value, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>
    /// The same product on the library's own kernel, on the calling thread alone, whatever the active backend: for
    /// GEMMs that run concurrently on several threads, since OpenBLAS serializes concurrent calls (it runs one level-3
    /// call at a time), and its thread count would have to change globally. Its bits do not depend on the thread
    /// count (OpenBLAS's do: its single-threaded small-matrix path rounds differently). Measured on
    /// the book CNN's convolutions, 2 threads: OpenBLAS per call 651 ms a step, this per chunk 412 ms.
    /// </summary>
    internal static void GemmConcurrent<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
        => GemmWith(serialKernel, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>The library's kernel on the calling thread alone (its callers are the parallel workers).</summary>
    static readonly ManagedGemm serialKernel = new(threads: 1);

    /// <summary>The name of the active GEMM backend: <c>auto</c> (per shape, the default when OpenBLAS loads), <c>openblas</c> or <c>managed</c>.</summary>
    public static string Backend => active.Value.Name;

    /// <summary>
    /// The number of threads GEMM may use, and the library's other parallel work; change it with
    /// <see cref="SetThreads"/>. Defaults to OpenBLAS's own count when it is loaded, else the processor count.
    /// </summary>
    public static int Threads => threads;

    /// <summary>
    /// Sets <see cref="Threads"/> for the whole process, as <c>torch.set_num_threads</c>: it sets OpenBLAS's thread
    /// count (when loaded) and bounds the managed kernel's parallelism.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1.</exception>
    public static void SetThreads(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "Blas.SetThreads: the thread count must be at least 1");
        Blas.threads = threads;
        if (OpenBlas.Instance is { } o) o.Threads = threads;
    }

    /// <summary>The SIMD width the managed kernel uses on this machine, e.g. <c>AVX-512 (Vector512)</c>.</summary>
    public static string Simd =>
        Vector512.IsHardwareAccelerated ? "AVX-512 (Vector512)"
        : Vector256.IsHardwareAccelerated ? (Fma.IsSupported ? "AVX2+FMA (Vector256)" : "AVX (Vector256)")
        : AdvSimd.IsSupported ? "NEON (Vector128)"
        : Vector128.IsHardwareAccelerated ? "SSE (Vector128)" : "none (scalar)";

    /// <summary>A one-line summary for <c>functional info</c>: backend, threads, SIMD width and the OpenBLAS build.</summary>
    public static string Describe()
    {
        var openblas = OpenBlas.Instance is { } o ? $"{o.Config} (core {o.CoreName}, thread timeout {o.ThreadTimeout}, from {o.LoadedFrom})" : $"OpenBLAS not loaded ({OpenBlas.LoadError})";
        try
        {
            var plan = active.Value is GemmPlan p ? $" ({p.Describe()})" : "";
            return $"blas: {Backend}{plan}, {Threads} thread(s), managed SIMD {Simd}; {openblas}";
        }
        catch (InvalidOperationException e) { return $"blas: not usable: {e.Message} Managed SIMD {Simd}; {openblas}"; }
    }

    /// <summary>
    /// The per-shape choices made so far in this process (<c>type ops m n k threads -> backend (OpenBLAS µs / managed µs)</c>),
    /// empty unless the backend is <c>auto</c>; <c>functional info</c> prints them.
    /// </summary>
    public static System.Collections.Immutable.ImmutableArray<string> PlanChoices => active.Value is GemmPlan p ? [.. p.Choices()] : [];

    /// <summary>The managed backend, always available.</summary>
    internal static IGemmBackend Managed => ManagedGemm.Instance;

    /// <summary>The OpenBLAS backend, or null when the library does not load.</summary>
    internal static IGemmBackend? OpenBlasBackend => OpenBlas.Instance;

    /// <summary>The managed kernel's thread budget (the OpenBLAS count is kept by OpenBLAS itself).</summary>
    internal static int ManagedThreads => threads;

    /// <summary>
    /// Picks the backend from the value of <see cref="EnvironmentVariable"/>: <c>managed</c>, <c>openblas</c>, or
    /// empty/unset/<c>auto</c> for a per-shape choice between the two (<see cref="GemmPlan"/>) when OpenBLAS loaded, else
    /// managed. A forced but missing OpenBLAS is an error.
    /// </summary>
    internal static IGemmBackend Select(string? setting, IGemmBackend? openblas, string? loadError)
    {
        switch (setting?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                return openblas is null ? ManagedGemm.Instance
                    : new GemmPlan(openblas, ManagedGemm.Instance, GemmPlan.Configuration(openblas as OpenBlas), GemmPlan.DefaultDirectory());
            case "managed":
                return ManagedGemm.Instance;
            case "openblas":
                return openblas ?? throw new InvalidOperationException(
                    $"{EnvironmentVariable}=openblas, but OpenBLAS could not be loaded ({loadError}). " +
                    "Install it with `apt-get install libopenblas0-pthread`, or set FUNCTIONAL_BLAS=managed.");
            case var _ when OpenBlas.IsPath(setting):
                return openblas ?? throw new InvalidOperationException(
                    $"{EnvironmentVariable}={setting}, but that OpenBLAS could not be loaded ({loadError}). " +
                    "Name a CBLAS library file (libopenblas.so.0, libopenblas.dylib, openblas.dll), or unset it.");
            default:
                throw new InvalidOperationException(
                    $"{EnvironmentVariable}='{setting}' is not a backend; use 'managed', 'openblas' or the path of an OpenBLAS library (or leave it unset).");
        }
    }

    /// <summary>Runs GEMM on one given backend (for tests and benchmarks that compare backends).</summary>
    internal static void GemmWith<T>(IGemmBackend backend, bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var start = TimeGemm ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        try { GemmChecked(backend, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); }
        finally { if (TimeGemm) Interlocked.Add(ref gemmTicks, System.Diagnostics.Stopwatch.GetTimestamp() - start); }
    }

    /// <summary>Whether GEMM calls add their wall time to <see cref="GemmSeconds"/> (benchmarks that split an epoch's time).</summary>
    internal static bool TimeGemm;

    static long gemmTicks;

    /// <summary>The wall time of all GEMM calls while <see cref="TimeGemm"/> was on (calls on parallel workers add up).</summary>
    internal static double GemmSeconds => (double)Interlocked.Read(ref gemmTicks) / System.Diagnostics.Stopwatch.Frequency;

    static void GemmChecked<T>(IGemmBackend backend, bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"Gemm: negative size m={m}, n={n}, k={k}");
        if (m == 0 || n == 0) return;
        CheckOperand("C", c.Length, m, n, ldc);
        if (k == 0 || alpha == T.Zero) { ScaleC(m, n, beta, c, ldc); return; }
        CheckOperand("A", a.Length, transA ? k : m, transA ? m : k, lda);
        CheckOperand("B", b.Length, transB ? n : k, transB ? k : n, ldb);
        if (typeof(T) == typeof(float))
            backend.Gemm(transA, transB, m, n, k, float.CreateTruncating(alpha), Cast<T, float>(a), lda, Cast<T, float>(b), ldb,
                float.CreateTruncating(beta), Cast<T, float>(c), ldc);
        else if (typeof(T) == typeof(double))
            backend.Gemm(transA, transB, m, n, k, double.CreateTruncating(alpha), Cast<T, double>(a), lda, Cast<T, double>(b), ldb,
                double.CreateTruncating(beta), Cast<T, double>(c), ldc);
        else
            ManagedGemm.Naive(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    static void CheckOperand(string name, int length, int rows, int cols, int ld)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentException($"Gemm: ld{name.ToLowerInvariant()}={ld} is less than the {cols} columns of stored {name} ({rows}×{cols})");
        if ((long)(rows - 1) * ld + cols > length)
            throw new ArgumentException($"Gemm: {name} has {length} elements, too few for {rows}×{cols} with row stride {ld}");
    }

    /// <summary>C = beta·C, with beta == 0 writing zeros (BLAS semantics: NaN in C is ignored).</summary>
    static void ScaleC<T>(int m, int n, T beta, Span<T> c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (beta == T.One) return;
        for (var i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == T.Zero) row.Clear();
            else for (var j = 0; j < n; j++) row[j] *= beta;
        }
    }

    static ReadOnlySpan<TTo> Cast<TFrom, TTo>(ReadOnlySpan<TFrom> s) where TFrom : unmanaged where TTo : unmanaged
        => System.Runtime.InteropServices.MemoryMarshal.Cast<TFrom, TTo>(s);

    static Span<TTo> Cast<TFrom, TTo>(Span<TFrom> s) where TFrom : unmanaged where TTo : unmanaged
        => System.Runtime.InteropServices.MemoryMarshal.Cast<TFrom, TTo>(s);
}

/// <summary>One GEMM implementation, for float and double. Arguments are already validated and non-degenerate.</summary>
internal interface IGemmBackend
{
    /// <summary>The backend's short name, as reported by <see cref="Blas.Backend"/>.</summary>
    string Name { get; }

    /// <summary>Single-precision row-major GEMM.</summary>
    void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc);

    /// <summary>Double-precision row-major GEMM.</summary>
    void Gemm(bool transA, bool transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc);
}
