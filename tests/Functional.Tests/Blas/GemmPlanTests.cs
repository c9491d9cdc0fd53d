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

    static float[] Run(GemmPlan plan, float beta, float[] c0)
    {
        var (a, b) = (Values(6 * 5, 1), Values(5 * 4, 2));
        var c = (float[])c0.Clone();
        plan.Gemm(false, false, 6, 4, 5, 1f, a, 5, b, 4, beta, c, 4);
        return c;
    }

    static float[] Expected(float beta, float[] c0, float add)
    {
        var c = (float[])c0.Clone();
        new ManagedGemm(threads: 1).Gemm(false, false, 6, 4, 5, 1f, Values(6 * 5, 1), 5, Values(5 * 4, 2), 4, beta, c, 4);
        return c.Select(x => x + add).ToArray();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_faster_backend_wins_and_C_is_written_once(bool managedFaster)
    {
        var (open, managed) = (new Fake("openblas", managedFaster ? 3 : 0, add: 100), new Fake("managed", managedFaster ? 0 : 3, add: 200));
        var plan = new GemmPlan(open, managed, "test configuration", dir);
        var c0 = Values(6 * 4, 3);
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
        Run(first, 0f, new float[24]);
        Assert.NotNull(first.PlanFile);
        Assert.True(File.Exists(first.PlanFile), first.Describe());
        Assert.Contains("\tmanaged\t", File.ReadAllText(first.PlanFile!));
        // The next process finds OpenBLAS faster now, but keeps the plan's choice: same configuration, same bits.
        var (open, managed) = (new Fake("openblas", 0, add: 100), new Fake("managed", 3, add: 200));
        var second = new GemmPlan(open, managed, "test configuration", dir);
        Assert.Equal(Expected(0f, new float[24], 200), Run(second, 0f, new float[24]));
        Assert.Equal((0, 1), (open.Calls, managed.Calls));
        // Another configuration has its own plan.
        var other = new GemmPlan(new Fake("openblas", 0), new Fake("managed", 3), "another configuration", dir);
        Assert.NotEqual(first.PlanFile, other.PlanFile);
        Assert.Empty(other.Choices());
        Assert.Empty(Directory.GetFiles(dir, "*.tmp*"));
    }

    [Fact]
    public void Unreadable_lines_are_skipped_and_their_shapes_timed_again()
    {
        var plan = new GemmPlan(new Fake("openblas", 0), new Fake("managed", 3), "test configuration", dir);
        Directory.CreateDirectory(dir);
        File.WriteAllLines(plan.PlanFile!, ["# a plan", "f32\tNN\t6\t4\t5\t1\tcuda\t1\t2", "garbage", "f32\tNN\t6\t4"]);
        var again = new GemmPlan(new Fake("openblas", 0, add: 100), new Fake("managed", 3, add: 200), "test configuration", dir);
        Assert.Empty(again.Choices());
        Assert.Equal(Expected(0f, new float[24], 100), Run(again, 0f, new float[24]));
        var lines = File.ReadAllLines(plan.PlanFile!).Where(l => !l.StartsWith('#')).ToArray();
        Assert.Equal($"f32\tNN\t6\t4\t5\t{Functional.Blas.Threads}\topenblas", string.Join('\t', Assert.Single(lines).Split('\t')[..7]));
    }

    [Fact]
    public void Without_a_writable_directory_choices_are_kept_for_the_process()
    {
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "not-a-directory");
        File.WriteAllText(file, "x");
        var plan = new GemmPlan(new Fake("openblas", 3, add: 100), new Fake("managed", 0, add: 200), "test configuration", Path.Combine(file, "cache"));
        Assert.Equal(Expected(0f, new float[24], 200), Run(plan, 0f, new float[24]));
        Assert.Contains("this process only", plan.Describe());
        Assert.Single(plan.Choices());
        var none = new GemmPlan(new Fake("openblas", 0), new Fake("managed", 0), "test configuration", null);
        Assert.Null(none.PlanFile);
        Assert.Contains("no cache directory", none.Describe());
    }
}
