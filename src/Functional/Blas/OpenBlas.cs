using System.Runtime.InteropServices;

namespace Functional;

/// <summary>
/// The OpenBLAS backend: Debian's <c>libopenblas.so.0</c> (package <c>libopenblas0-pthread</c>) through its CBLAS
/// entry points. The library is loaded with <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/> and called
/// through function pointers, so a missing library never throws at type load: <see cref="Instance"/> is just null.
/// <c>FUNCTIONAL_BLAS=/path/to/libopenblas.so</c> loads that file instead of trying the usual names.
/// </summary>
internal sealed unsafe class OpenBlas : IGemmBackend
{
    const int RowMajor = 101, NoTrans = 111, Trans = 112;

    /// <summary>The names tried, in order.</summary>
    internal static readonly string[] Candidates =
    [
        "libopenblas.so.0", "libopenblas.so",
        "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
        "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
        "libopenblas.dylib", "libopenblas.dll", "openblas.dll",
    ];

    static readonly Lazy<(OpenBlas? Lib, string? Error)> loaded = new(Load);

    /// <summary>The loaded library, or null when it is absent.</summary>
    public static OpenBlas? Instance => loaded.Value.Lib;

    /// <summary>Why the library did not load (null when it did).</summary>
    public static string? LoadError => loaded.Value.Error;

    readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemm;
    readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> dgemm;
    readonly delegate* unmanaged<int, void> setThreads;
    readonly delegate* unmanaged<int> getThreads;
    readonly delegate* unmanaged<byte*> getConfig;
    readonly delegate* unmanaged<byte*> getCorename;

    /// <summary>The path or name the library was loaded from.</summary>
    public string LoadedFrom { get; }

    OpenBlas(nint handle, string from)
    {
        LoadedFrom = from;
        sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)
            NativeLibrary.GetExport(handle, "cblas_sgemm");
        dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)
            NativeLibrary.GetExport(handle, "cblas_dgemm");
        setThreads = (delegate* unmanaged<int, void>)Optional(handle, "openblas_set_num_threads");
        getThreads = (delegate* unmanaged<int>)Optional(handle, "openblas_get_num_threads");
        getConfig = (delegate* unmanaged<byte*>)Optional(handle, "openblas_get_config");
        getCorename = (delegate* unmanaged<byte*>)Optional(handle, "openblas_get_corename");
    }

    static nint Optional(nint handle, string name) => NativeLibrary.TryGetExport(handle, name, out var p) ? p : 0;

    static (OpenBlas?, string?) Load() => Load(Environment.GetEnvironmentVariable(Blas.EnvironmentVariable));

    /// <summary>
    /// Loads the library named by <paramref name="setting"/> (the value of <c>FUNCTIONAL_BLAS</c>) when that is a path,
    /// else the first of <see cref="Candidates"/> that loads.
    /// </summary>
    internal static (OpenBlas?, string?) Load(string? setting)
    {
        var names = IsPath(setting) ? [setting!.Trim()] : Candidates;
        foreach (var name in names)
        {
            if (!NativeLibrary.TryLoad(name, out var handle)) continue;
            try { return (new OpenBlas(handle, name), null); }
            catch (EntryPointNotFoundException e) { return (null, $"{name} loaded but lacks CBLAS: {e.Message}"); }
        }
        return (null, IsPath(setting)
            ? $"{setting!.Trim()} (from {Blas.EnvironmentVariable}) could not be loaded{(File.Exists(setting.Trim()) ? "" : ": no such file")}"
            : $"none of {string.Join(", ", Candidates)} could be loaded");
    }

    /// <summary>True when a <c>FUNCTIONAL_BLAS</c> value names a library file rather than a backend.</summary>
    internal static bool IsPath(string? setting)
    {
        var s = setting?.Trim() ?? "";
        return s.Contains('/') || s.Contains('\\') || s.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            || s.EndsWith(".dylib", StringComparison.OrdinalIgnoreCase) || s.Contains(".so", StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    public string Name => "openblas";

    /// <summary>OpenBLAS's thread count (<c>openblas_get_num_threads</c> / <c>openblas_set_num_threads</c>).</summary>
    public int Threads
    {
        get => getThreads != null ? getThreads() : 1;
        set { if (setThreads != null) setThreads(value); }
    }

    /// <summary>The build configuration string, e.g. <c>OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64</c>.</summary>
    public string Config => getConfig != null ? Marshal.PtrToStringUTF8((nint)getConfig())?.Trim() ?? "" : "(unknown config)";

    /// <summary>The name of the kernel in use (as selected by <c>OPENBLAS_CORETYPE</c> or auto-detection).</summary>
    public string CoreName => getCorename != null ? Marshal.PtrToStringUTF8((nint)getCorename())?.Trim() ?? "" : "unknown";

    /// <inheritdoc/>
    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
            sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    /// <inheritdoc/>
    public void Gemm(bool transA, bool transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        fixed (double* pa = a) fixed (double* pb = b) fixed (double* pc = c)
            dgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }
}
