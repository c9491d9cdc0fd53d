using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Functional;

/// <summary>
/// The default GEMM backend when OpenBLAS loads: for each GEMM shape (element type, transposes, m, n, k and the
/// thread count) it runs whichever of OpenBLAS and the managed kernel was faster when that shape was first met. Neither
/// wins everywhere: on an AVX-512 machine whose environment forces OpenBLAS's Haswell kernel, the managed kernel wins
/// some shapes and loses others.
/// <para>
/// Timing differs from run to run, and two backends round differently, so a choice made afresh by every process
/// would let the same configuration give different bits in different runs. So each choice is made once per
/// machine and configuration, and kept: the first process that meets a shape times both backends on the call's own
/// operands (the results go to scratch), appends the winner to a plan file in the cache directory (under a file lock
/// that other processes wait on) and only then computes. Every later process reads the plan. The plan file's
/// name is a hash of the configuration (processor, logical cores, SIMD width, OpenBLAS build, kernel and thread timeout), so a
/// different machine or OpenBLAS gets its own plan. When the cache directory cannot be written, choices are kept for the
/// process alone, and <see cref="Describe"/> says so. <c>FUNCTIONAL_BLAS=openblas|managed</c> bypasses the plan.
/// </para>
/// </summary>
internal sealed class GemmPlan : IGemmBackend
{
    /// <summary>The environment variable naming the cache directory (default <c>$XDG_CACHE_HOME/functional</c> or <c>~/.cache/functional</c>).</summary>
    public const string CacheVariable = "FUNCTIONAL_CACHE";

    /// <summary>
    /// Products of fewer multiply-adds than this always go to OpenBLAS, untimed: they take a few microseconds, where
    /// call overhead decides and OpenBLAS's is the smaller (measured: 0.2–0.3 µs against 2–5 µs), and timing them would
    /// fill the plan with shapes that do not matter.
    /// </summary>
    internal const long Tiny = 1 << 15;

    /// <summary>A managed win must be at least this much faster, so a tie stays with OpenBLAS.</summary>
    const double Margin = 0.95;

    readonly IGemmBackend openblas, managed;
    readonly ConcurrentDictionary<string, IGemmBackend> chosen = new();
    readonly ConcurrentDictionary<string, (double OpenBlas, double Managed)> timings = new();
    readonly object calibrating = new();
    readonly string configuration;

    /// <summary>The plan file, or null when choices are kept in memory only.</summary>
    public string? PlanFile { get; }

    /// <summary>Why the plan is not persisted (null when it is).</summary>
    public string? NotPersisted { get; private set; }

    /// <summary>A plan choosing between <paramref name="openblas"/> and <paramref name="managed"/>, kept in <paramref name="directory"/> (null: memory only).</summary>
    public GemmPlan(IGemmBackend openblas, IGemmBackend managed, string configuration, string? directory)
    {
        (this.openblas, this.managed, this.configuration) = (openblas, managed, configuration);
        if (directory is null) { NotPersisted = "no cache directory"; return; }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(configuration)))[..16].ToLowerInvariant();
        PlanFile = Path.Combine(directory, $"gemm-plan-{hash}.tsv");
    }

    /// <inheritdoc/>
    public string Name => "auto";

    /// <summary>The cache directory from the environment.</summary>
    public static string? DefaultDirectory()
    {
        var set = Environment.GetEnvironmentVariable(CacheVariable);
        if (!string.IsNullOrWhiteSpace(set)) return set;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg)) return Path.Combine(xdg, "functional");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "functional");
    }

    /// <summary>The configuration a plan belongs to: what decides which backend is faster, on one line.</summary>
    public static string Configuration(OpenBlas? o)
        => string.Join("; ", $"cpu {CpuName()}", $"logical cores {Environment.ProcessorCount}", $"simd {Blas.Simd}",
            $"openblas {o?.Config ?? "-"} core {o?.CoreName ?? "-"}", $"OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "-"}",
            $"thread timeout {o?.ThreadTimeout.ToString(CultureInfo.InvariantCulture) ?? "-"}");

    static string CpuName()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                    if (line.StartsWith("model name", StringComparison.Ordinal)) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>The key of a shape: element type, transposes, m, n, k and the thread count.</summary>
    static string Key(string type, bool transA, bool transB, int m, int n, int k)
        => string.Create(CultureInfo.InvariantCulture, $"{type}\t{(transA ? 'T' : 'N')}{(transB ? 'T' : 'N')}\t{m}\t{n}\t{k}\t{Blas.Threads}");

    /// <summary>The choices in the plan file and this process, as <c>key → backend (OpenBLAS µs, managed µs)</c>, sorted.</summary>
    public IReadOnlyList<string> Choices()
    {
        lock (calibrating) Load();
        return chosen.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"{c.Key.Replace('\t', ' ')} -> {c.Value.Name}" + (timings.TryGetValue(c.Key, out var t) ? string.Create(CultureInfo.InvariantCulture, $" ({t.OpenBlas:F1} / {t.Managed:F1} µs)") : ""))
            .ToList();
    }

    /// <summary>One line for <c>functional info</c>.</summary>
    public string Describe() => PlanFile is null || NotPersisted is not null
        ? $"per shape, calibrated at first use, kept for this process only ({NotPersisted})"
        : $"per shape, calibrated once per configuration, plan {PlanFile}";

    /// <inheritdoc/>
    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if ((long)m * n * k < Tiny) { openblas.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); return; }
        var key = Key("f32", transA, transB, m, n, k);
        if (!chosen.TryGetValue(key, out var backend)) backend = Choose(key, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        backend.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <inheritdoc/>
    public void Gemm(bool transA, bool transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        if ((long)m * n * k < Tiny) { openblas.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); return; }
        var key = Key("f64", transA, transB, m, n, k);
        if (!chosen.TryGetValue(key, out var backend)) backend = Choose(key, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        backend.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    IGemmBackend Choose<T>(string key, bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : unmanaged
    {
        lock (calibrating)
        {
            if (chosen.TryGetValue(key, out var known)) return known;
            using var held = Lock();
            Load();
            if (chosen.TryGetValue(key, out known)) return known;
            // Time both on the call's operands, into scratch: C itself is written once, by the winner, afterwards.
            var scratch = new T[c.Length];
            var reps = Reps((double)m * n * k);
            // The two alternate, so that a burst of load from elsewhere slows both, and each keeps its fastest run.
            double tOpen = double.MaxValue, tManaged = double.MaxValue;
            for (var r = 0; r <= reps; r++)
            {
                var o = Time(openblas, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, scratch, ldc);
                var g = Time(managed, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, scratch, ldc);
                if (r == 0) continue; // the first round warms the caches and the JIT
                (tOpen, tManaged) = (Math.Min(tOpen, o), Math.Min(tManaged, g));
            }
            var winner = tManaged < tOpen * Margin ? managed : openblas;
            timings[key] = (tOpen * 1e6, tManaged * 1e6);
            chosen[key] = winner;
            Save(key);
            return winner;
        }
    }

    // Enough repetitions for about 5 ms of work per backend at 50 GFLOPS, between 10 and 400: with fewer, the first
    // wake-ups of the thread pool's workers decided the MLP's largest product against the kernel that wins it in training.
    static int Reps(double macs) => (int)Math.Clamp(Math.Ceiling(5e-3 / (2 * macs / 50e9)), 10, 400);

    static double Time<T>(IGemmBackend backend, bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, ReadOnlySpan<T> c, T[] scratch, int ldc) where T : unmanaged
    {
        c.CopyTo(scratch);
        var start = Stopwatch.GetTimestamp();
        if (typeof(T) == typeof(float))
            backend.Gemm(transA, transB, m, n, k, (float)(object)alpha, Cast<T, float>(a), lda, Cast<T, float>(b), ldb, (float)(object)beta, Cast<T, float>(scratch.AsSpan()), ldc);
        else
            backend.Gemm(transA, transB, m, n, k, (double)(object)alpha, Cast<T, double>(a), lda, Cast<T, double>(b), ldb, (double)(object)beta, Cast<T, double>(scratch.AsSpan()), ldc);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    static ReadOnlySpan<TTo> Cast<TFrom, TTo>(ReadOnlySpan<TFrom> s) where TFrom : unmanaged where TTo : unmanaged
        => System.Runtime.InteropServices.MemoryMarshal.Cast<TFrom, TTo>(s);

    static Span<TTo> Cast<TFrom, TTo>(Span<TFrom> s) where TFrom : unmanaged where TTo : unmanaged
        => System.Runtime.InteropServices.MemoryMarshal.Cast<TFrom, TTo>(s);

    // An exclusive lock on PLAN.lock, which other processes wait for (up to a minute); null when the plan is not persisted.
    FileStream? Lock()
    {
        if (PlanFile is null || NotPersisted is not null) return null;
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while (true)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(PlanFile)!);
                return new FileStream(PlanFile + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (Stopwatch.GetTimestamp() < deadline && File.Exists(PlanFile + ".lock")) { Thread.Sleep(20); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                NotPersisted = $"cannot use {PlanFile}.lock: {e.Message}";
                return null;
            }
        }
    }

    // Reads the plan file into the choices (a line it cannot read is skipped, and that shape is timed again).
    void Load()
    {
        if (PlanFile is null || NotPersisted is not null || !File.Exists(PlanFile)) return;
        try
        {
            foreach (var line in File.ReadLines(PlanFile))
            {
                if (line.StartsWith('#')) continue;
                var fields = line.Split('\t');
                if (fields.Length != 9) continue;
                var key = string.Join('\t', fields[..6]);
                IGemmBackend? backend = fields[6] == openblas.Name ? openblas : fields[6] == managed.Name ? managed : null;
                if (backend is null || !double.TryParse(fields[7], NumberStyles.Float, CultureInfo.InvariantCulture, out var o)
                    || !double.TryParse(fields[8], NumberStyles.Float, CultureInfo.InvariantCulture, out var mg)) continue;
                chosen.TryAdd(key, backend);
                timings.TryAdd(key, (o, mg));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { NotPersisted = $"cannot read {PlanFile}: {e.Message}"; }
    }

    // Appends the new choice (a header first, for a new file). A process killed mid-line leaves a partial line, which
    // Load skips; the next append starts on a fresh line.
    void Save(string key)
    {
        if (PlanFile is null || NotPersisted is not null) return;
        try
        {
            var t = timings[key];
            var line = string.Create(CultureInfo.InvariantCulture, $"{key}\t{chosen[key].Name}\t{t.OpenBlas:R}\t{t.Managed:R}\n");
            var exists = File.Exists(PlanFile) && new FileInfo(PlanFile).Length > 0;
            if (!exists)
                line = $"# Functional GEMM plan: {configuration}\n# type\tops\tm\tn\tk\tthreads\tbackend\topenblas_us\tmanaged_us\n" + line;
            else if (!EndsWithNewline(PlanFile)) line = "\n" + line;
            using var f = new FileStream(PlanFile, FileMode.Append, FileAccess.Write, FileShare.Read);
            f.Write(Encoding.UTF8.GetBytes(line));
            f.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { NotPersisted = $"cannot write {PlanFile}: {e.Message}"; }
    }

    static bool EndsWithNewline(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        f.Seek(-1, SeekOrigin.End);
        return f.ReadByte() == '\n';
    }
}
