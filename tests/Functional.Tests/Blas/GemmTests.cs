using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit.Abstractions;

namespace Functional.Tests.Blas;

/// <summary>Both GEMM backends against the triple loop: all transposes, odd sizes, padded strides, alpha/beta.</summary>
public sealed class GemmTests(ITestOutputHelper output)
{
    const double DoubleU = 1.0 / (1L << 53), SingleU = 1.0 / (1 << 24);
    static readonly double[] Alphas = [1, -1.5, 0.75, 2], Betas = [0, 1, -0.5, 1.25];

    /// <summary>The managed kernel in every configuration: auto width, forced 256/512-bit, and forced multi-threading.</summary>
    internal static IEnumerable<(string Name, IGemmBackend Backend)> ManagedVariants() =>
    [
        ("managed", Functional.Blas.Managed),
        ("managed/256", new ManagedGemm(vectorBits: 256, threads: 1)),
        ("managed/512", new ManagedGemm(vectorBits: 512, threads: 1)),
        ("managed/256 3 threads", new ManagedGemm(vectorBits: 256, threads: 3, parallelThreshold: 0)),
        ("managed/512 2 threads", new ManagedGemm(vectorBits: 512, threads: 2, parallelThreshold: 0)),
    ];

    static IEnumerable<(string Name, IGemmBackend Backend)> AllBackends() =>
        Functional.Blas.OpenBlasBackend is { } o ? ManagedVariants().Append(("openblas", o)) : ManagedVariants();

    static GemmCase RandomCase(bool transA, bool transB, byte m, byte n, byte k, byte pad, byte coef, int seed) =>
        GemmCase.Create(transA, transB, 1 + m % 29, 1 + n % 37, 1 + k % 23, pad % 4, Alphas[coef % 4], Betas[coef / 4 % 4], seed);

    [Property(MaxTest = 60)]
    public void Float64_every_backend_matches_the_triple_loop(bool transA, bool transB, byte m, byte n, byte k, byte pad, byte coef, int seed)
    {
        var problem = RandomCase(transA, transB, m, n, k, pad, coef, seed);
        foreach (var (name, backend) in AllBackends()) problem.Check(problem.Run(backend), DoubleU, name);
    }

    [Property(MaxTest = 40)]
    public void Float32_every_backend_matches_the_triple_loop(bool transA, bool transB, byte m, byte n, byte k, byte pad, byte coef, int seed)
    {
        var problem = RandomCase(transA, transB, m, n, k, pad, coef, seed);
        foreach (var (name, backend) in AllBackends()) problem.Check(problem.RunSingle(backend), SingleU, name);
    }

    [Theory]
    [InlineData(false, false, 130, 19, 300)]   // crosses the K slice (256) and the row block (120)
    [InlineData(true, true, 125, 7, 513)]
    [InlineData(false, true, 7, 2100, 5)]      // crosses the 2048-column slab
    [InlineData(true, false, 241, 17, 260)]
    public void Block_boundaries_are_handled(bool transA, bool transB, int m, int n, int k)
    {
        var problem = GemmCase.Create(transA, transB, m, n, k, pad: 3, alpha: 0.75, beta: -0.5, seed: m * n + k);
        foreach (var (name, backend) in AllBackends()) problem.Check(problem.Run(backend), DoubleU, name);
        var nan = GemmCase.Create(transA, transB, m, n, k, pad: 1, alpha: 1, beta: 0, seed: k);
        foreach (var (name, backend) in AllBackends()) nan.Check(nan.RunSingle(backend), SingleU, name);
    }

    /// <summary>
    /// Short products split by column panels across threads give the single-thread kernel's bits, across K slices, row
    /// blocks, the 2048-column slab, ragged last panels and both vector widths.
    /// </summary>
    [Theory]
    [InlineData(false, true, 128, 256, 784, 512, 2)]   // the MLP's first layer
    [InlineData(true, false, 256, 784, 128, 512, 2)]   // its weight gradient
    [InlineData(false, false, 130, 19 * 32 + 5, 300, 512, 3)]
    [InlineData(true, true, 9, 2100, 70, 256, 2)]      // crosses the slab inside a worker's range
    [InlineData(false, false, 241, 4133, 33, 512, 3)]
    public void Column_split_gives_the_single_thread_bits(bool transA, bool transB, int m, int n, int k, int bits, int threads)
    {
        var problem = GemmCase.Create(transA, transB, m, n, k, pad: 2, alpha: 0.75, beta: -0.5, seed: m + n + k);
        var one = new ManagedGemm(vectorBits: bits, threads: 1);
        var many = new ManagedGemm(vectorBits: bits, threads: threads, parallelThreshold: 0);
        Assert.Equal(problem.Run(one), problem.Run(many));
        Assert.Equal(problem.RunSingle(one), problem.RunSingle(many));
        problem.Check(problem.Run(many), DoubleU, $"managed/{bits} {threads} threads");
    }

    [Fact]
    public void OpenBlas_agrees_with_managed_or_is_reported_absent()
    {
        if (Functional.Blas.OpenBlasBackend is not { } openblas)
        {
            output.WriteLine($"SKIPPED: OpenBLAS is not installed ({OpenBlas.LoadError}); only the managed kernel was tested. " +
                             "apt-get install libopenblas0-pthread to compare both.");
            Assert.Equal("managed", Functional.Blas.Managed.Name);
            return;
        }
        var problem = GemmCase.Create(true, false, 67, 45, 301, pad: 2, alpha: -1.5, beta: 1.25, seed: 9);
        var (managed, native) = (problem.Run(Functional.Blas.Managed), problem.Run(openblas));
        for (var i = 0; i < managed.Length; i++) Assert.Equal(managed[i], native[i], 1e-12);
        output.WriteLine($"compared managed with {((OpenBlas)openblas).Config}");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.0)]
    public void K_zero_or_alpha_zero_scales_C_by_beta_without_reading_A_or_B(double beta)
    {
        double[] Start() => beta == 0 ? [1, double.NaN, 3, 4] : [1, 2, 3, 4];
        double[] expected = beta == 0 ? [0, 0, 0, 0] : [2, 4, 6, 8];
        foreach (var (name, backend) in AllBackends())
        {
            var c = Start();
            Functional.Blas.GemmWith(backend, false, false, 2, 2, 0, 1.0, [], 0, [], 2, beta, c, 2);
            Assert.True(expected.SequenceEqual(c), $"{name}, k = 0: [{string.Join(", ", c)}]");
            c = Start();
            Functional.Blas.GemmWith(backend, false, false, 2, 2, 1, 0.0, [double.NaN, double.NaN], 1, [double.NaN, double.NaN], 2, beta, c, 2);
            Assert.True(expected.SequenceEqual(c), $"{name}, alpha = 0: [{string.Join(", ", c)}]");
        }
    }

    [Fact]
    public void Empty_m_or_n_leaves_C_alone()
    {
        double[] c = [double.NaN];
        Functional.Blas.Gemm(false, false, 0, 1, 3, 1.0, [], 3, [1.0, 2, 3], 1, 0.0, c, 1);
        Assert.True(double.IsNaN(c[0]));
    }

    [Fact]
    public void Too_short_operands_are_rejected_with_their_name()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Functional.Blas.Gemm(false, false, 2, 2, 3, 1f, new float[5], 3, new float[6], 2, 0f, new float[4], 2));
        Assert.Contains("A has 5 elements", e.Message);
        e = Assert.Throws<ArgumentException>(() =>
            Functional.Blas.Gemm(false, true, 2, 2, 3, 1f, new float[6], 3, new float[6], 2, 0f, new float[4], 2));
        Assert.Contains("ldb=2", e.Message);
    }
}
