using System.Runtime.InteropServices;

namespace Functional;

/// <summary>
/// The OpenBLAS backend: Debian's <c>libopenblas.so.0</c> (package <c>libopenblas0-pthread</c>) through its CBLAS
/// entry points. The library is loaded with <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/> and called
/// through function pointers, so a missing library never throws at type load: <see cref="Instance"/> is just null.
/// <c>FUNCTIONAL_BLAS=/path/to/libopenblas.so</c> loads that file instead of trying the usual names.
/// <para>
/// Before the library loads, <c>OPENBLAS_THREAD_TIMEOUT</c> is set to <see cref="DefaultThreadTimeout"/> in the
/// process's native environment unless it is already set there. OpenBLAS's worker threads otherwise spin for 2^28
/// cycles (about 80 ms) after every call; under the per-shape plan a managed GEMM often follows an OpenBLAS one, and
/// the spinning workers took a core from the managed kernel's workers, both in training (fc: 8.3 against 7.0 ms a step)
/// and while the plan timed the two backends, which then chose OpenBLAS for shapes the managed kernel wins (a fresh plan
/// gave the MLP 0.70 s an epoch against 0.44 s). A pure OpenBLAS run is unchanged by it (MLP, 3 epochs: within noise).
/// </para>
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

    /// <summary>
    /// The <c>OPENBLAS_THREAD_TIMEOUT</c> set when the environment has none: 4, OpenBLAS's smallest, so an idle worker
    /// sleeps after 2^4 cycles instead of spinning for 2^28.
    /// </summary>
    internal const int DefaultThreadTimeout = 4;

    /// <summary>The environment variable OpenBLAS reads, once, when it loads.</summary>
    internal const string ThreadTimeoutVariable = "OPENBLAS_THREAD_TIMEOUT";

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
    readonly delegate* unmanaged<int> getThreadTimeout;

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
        getThreadTimeout = (delegate* unmanaged<int>)Optional(handle, "openblas_thread_timeout");
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
        SetNativeDefault(ThreadTimeoutVariable, DefaultThreadTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture));
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

    /// <summary>
    /// Sets a variable in the native environment (which OpenBLAS reads, and <see cref="Environment.SetEnvironmentVariable(string, string)"/>
    /// does not reach on Unix) unless it is set there already. Only on glibc Linux, where <c>setenv</c> is found in
    /// <c>libc.so.6</c>; elsewhere the environment is left as it is.
    /// </summary>
    static void SetNativeDefault(string name, string value)
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libc.so.6", out var libc)
            || !NativeLibrary.TryGetExport(libc, "setenv", out var setenv)) return;
        var n = System.Text.Encoding.UTF8.GetBytes(name + "\0");
        var v = System.Text.Encoding.UTF8.GetBytes(value + "\0");
        fixed (byte* pn = n) fixed (byte* pv = v)
            ((delegate* unmanaged<byte*, byte*, int, int>)setenv)(pn, pv, 0);   // overwrite = 0: a value already set stays
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

    /// <summary>
    /// The <c>OPENBLAS_THREAD_TIMEOUT</c> OpenBLAS read when it loaded (0: unset, OpenBLAS's built-in 28; -1: the
    /// library does not say). Idle workers spin for 2^value cycles.
    /// </summary>
    public int ThreadTimeout => getThreadTimeout != null ? getThreadTimeout() : -1;

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
