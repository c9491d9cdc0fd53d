namespace Functional.Tests.Blas;

/// <summary>
/// The auto backend times both backends once per shape, keeps the winner in its plan file, and computes every later call
/// of that shape, in this process and in the next, with the same backend.
/// </summary>
public sealed class GemmPlanTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), "gemm-plan-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    /// <summary>The managed kernel under another name, made slow by a fixed pause per call, counting its calls.</summary>
    sealed class Fake(string name, int pauseMs, float add = 0) : IGemmBackend
    {
        static readonly ManagedGemm kernel = new(threads: 1);
        public int Calls;
        public string Name => name;
        public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
            ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        {
            Calls++;
            if (pauseMs > 0) Thread.Sleep(pauseMs);
            kernel.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            for (var i = 0; i < c.Length; i++) c[i] += add; // marks which backend computed C
        }
        public void Gemm(bool transA, bool transB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
            ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
        {
            Calls++;
            if (pauseMs > 0) Thread.Sleep(pauseMs);
            kernel.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            for (var i = 0; i < c.Length; i++) c[i] += add;
        }
    }

    static float[] Values(int n, int seed) { var r = new Random(seed); return Enumerable.Range(0, n).Select(_ => (float)r.NextDouble()).ToArray(); }

    // A product just above GemmPlan.Tiny, so it is timed: 40×32 from k = 30.
    const int M = 40, N = 32, K = 30, C = M * N;

    static float[] Run(GemmPlan plan, float beta, float[] c0)
    {
        var (a, b) = (Values(M * K, 1), Values(K * N, 2));
        var c = (float[])c0.Clone();
        plan.Gemm(false, false, M, N, K, 1f, a, K, b, N, beta, c, N);
        return c;
    }

    static float[] Expected(float beta, float[] c0, float add)
    {
        var c = (float[])c0.Clone();
        new ManagedGemm(threads: 1).Gemm(false, false, M, N, K, 1f, Values(M * K, 1), K, Values(K * N, 2), N, beta, c, N);
        return c.Select(x => x + add).ToArray();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_faster_backend_wins_and_C_is_written_once(bool managedFaster)
    {
        var (open, managed) = (new Fake("openblas", managedFaster ? 3 : 0, add: 100), new Fake("managed", managedFaster ? 0 : 3, add: 200));
        var plan = new GemmPlan(open, managed, "test configuration", dir);
        var c0 = Values(C, 3);
        // beta = 1: had calibration touched C, the product would be added more than once.
        Assert.Equal(Expected(1f, c0, managedFaster ? 200 : 100), Run(plan, 1f, c0));
        Assert.Equal(managedFaster ? "managed" : "openblas", Assert.Single(plan.Choices()).Split(" -> ")[1].Split(' ')[0]);
        var (o, m) = (open.Calls, managed.Calls);
        Run(plan, 0f, c0);
        Assert.Equal(managedFaster ? (o, m + 1) : (o + 1, m), (open.Calls, managed.Calls)); // no second calibration
    }

    [Fact]
    public void A_later_process_reads_the_choice_and_does_not_time_again()
    {
        var first = new GemmPlan(new Fake("openblas", 3, add: 100), new Fake("managed", 0, add: 200), "test configuration", dir);
        Run(first, 0f, new float[C]);
        Assert.NotNull(first.PlanFile);
        Assert.True(File.Exists(first.PlanFile), first.Describe());
        Assert.Contains("\tmanaged\t", File.ReadAllText(first.PlanFile!));
        // The next process finds OpenBLAS faster now, but keeps the plan's choice: same configuration, same bits.
        var (open, managed) = (new Fake("openblas", 0, add: 100), new Fake("managed", 3, add: 200));
        var second = new GemmPlan(open, managed, "test configuration", dir);
        Assert.Equal(Expected(0f, new float[C], 200), Run(second, 0f, new float[C]));
        Assert.Equal((0, 1), (open.Calls, managed.Calls));
        // Another configuration has its own plan.
        var other = new GemmPlan(new Fake("openblas", 0), new Fake("managed", 3), "another configuration", dir);
        Assert.NotEqual(first.PlanFile, other.PlanFile);
        Assert.Empty(other.Choices());
    }

    [Fact]
    public void Unreadable_lines_are_skipped_and_their_shapes_timed_again()
    {
        var plan = new GemmPlan(new Fake("openblas", 0), new Fake("managed", 3), "test configuration", dir);
        Directory.CreateDirectory(dir);
        // An unknown backend, garbage, and a line cut short (no newline at the end: a killed writer).
        File.WriteAllText(plan.PlanFile!, $"# a plan\nf32\tNN\t{M}\t{N}\t{K}\t1\tcuda\t1\t2\ngarbage\nf32\tNN\t{M}\t{N}");
        var again = new GemmPlan(new Fake("openblas", 0, add: 100), new Fake("managed", 3, add: 200), "test configuration", dir);
        Assert.Empty(again.Choices());
        Assert.Equal(Expected(0f, new float[C], 100), Run(again, 0f, new float[C]));
        var lines = File.ReadAllLines(plan.PlanFile!).Where(l => !l.StartsWith('#')).ToArray();
        // The new choice starts on its own line after the cut one, and a fresh plan reads it back.
        Assert.Equal($"f32\tNN\t{M}\t{N}\t{K}\t{Functional.Blas.Threads}\topenblas", string.Join('\t', lines[^1].Split('\t')[..7]));
        Assert.Equal($"f32\tNN\t{M}\t{N}", lines[^2]);
        var third = new GemmPlan(new Fake("openblas", 0), new Fake("managed", 0), "test configuration", dir);
        Assert.EndsWith("-> openblas", Assert.Single(third.Choices()).Split(" (")[0]);
    }

    [Fact]
    public void Tiny_products_go_to_openblas_untimed()
    {
        var (open, managed) = (new Fake("openblas", 0, add: 100), new Fake("managed", 0, add: 200));
        var plan = new GemmPlan(open, managed, "test configuration", dir);
        var (a, b, c) = (Values(6 * 5, 1), Values(5 * 4, 2), new float[24]);
        plan.Gemm(false, false, 6, 4, 5, 1f, a, 5, b, 4, 0f, c, 4);
        Assert.Equal((1, 0), (open.Calls, managed.Calls));
        Assert.Empty(plan.Choices());
        Assert.False(File.Exists(plan.PlanFile));
    }

    [Fact]
    public void Without_a_writable_directory_choices_are_kept_for_the_process()
    {
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "not-a-directory");
        File.WriteAllText(file, "x");
        var plan = new GemmPlan(new Fake("openblas", 3, add: 100), new Fake("managed", 0, add: 200), "test configuration", Path.Combine(file, "cache"));
        Assert.Equal(Expected(0f, new float[C], 200), Run(plan, 0f, new float[C]));
        Assert.Contains("this process only", plan.Describe());
        Assert.Single(plan.Choices());
        var none = new GemmPlan(new Fake("openblas", 0), new Fake("managed", 0), "test configuration", null);
        Assert.Null(none.PlanFile);
        Assert.Contains("no cache directory", none.Describe());
    }
}
