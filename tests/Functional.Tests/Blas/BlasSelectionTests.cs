namespace Functional.Tests.Blas;

/// <summary>FUNCTIONAL_BLAS selection and the inspection API.</summary>
[Collection(Functional.Tests.Support.GlobalBlasThreads.Name)]
public sealed class BlasSelectionTests
{
    sealed class FakeNative : IGemmBackend
    {
        public string Name => "openblas";
        public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
            ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) => throw new NotSupportedException();
        public void Gemm(bool transA, bool transB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
            ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc) => throw new NotSupportedException();
    }

    static readonly FakeNative Native = new();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("auto")]
    public void Unset_chooses_per_shape_when_openblas_loads(string? setting)
    {
        Assert.IsType<GemmPlan>(Functional.Blas.Select(setting, Native, null));
        Assert.Equal("auto", Functional.Blas.Select(setting, Native, null).Name);
        Assert.Same(Functional.Blas.Managed, Functional.Blas.Select(setting, null, "not found"));
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("Managed ")]
    public void Managed_can_be_forced_even_when_openblas_loads(string setting) =>
        Assert.Same(Functional.Blas.Managed, Functional.Blas.Select(setting, Native, null));

    [Theory]
    [InlineData("openblas")]
    [InlineData("OpenBLAS")]
    public void Openblas_can_be_forced(string setting) =>
        Assert.Same(Native, Functional.Blas.Select(setting, Native, null));

    [Fact]
    public void Forcing_a_missing_openblas_says_how_to_install_it()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Functional.Blas.Select("openblas", null, "libopenblas.so.0: not found"));
        Assert.Contains("apt-get install libopenblas0-pthread", e.Message);
        Assert.Contains("libopenblas.so.0: not found", e.Message);
    }

    [Theory]
    [InlineData("/opt/openblas/lib/libopenblas.so")]
    [InlineData("libopenblas.so.0")]
    [InlineData(@"C:\openblas\bin\libopenblas.dll")]
    public void A_path_forces_openblas_from_that_file(string setting)
    {
        Assert.True(OpenBlas.IsPath(setting));
        Assert.Same(Native, Functional.Blas.Select(setting, Native, null));
        var e = Assert.Throws<InvalidOperationException>(() => Functional.Blas.Select(setting, null, "cannot be loaded"));
        Assert.Contains(setting, e.Message);
        Assert.Contains("cannot be loaded", e.Message);
    }

    [Fact]
    public void A_missing_path_loads_nothing_and_says_so()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", "libopenblas.so.0");
        var (lib, error) = OpenBlas.Load(path);
        Assert.Null(lib);
        Assert.Contains(path, error);
        Assert.Contains("no such file", error);
    }

    [Fact]
    public void The_loader_tries_the_usual_names_when_no_path_is_given()
    {
        Assert.False(OpenBlas.IsPath("openblas"));
        Assert.False(OpenBlas.IsPath("managed"));
        var (lib, error) = OpenBlas.Load("openblas");
        Assert.Equal(OpenBlas.Instance is null, lib is null);
        if (lib is null) Assert.Contains("libopenblas.so.0", error);
        else Assert.Contains(lib.LoadedFrom, OpenBlas.Candidates);
    }

    [Fact]
    public void An_unknown_backend_is_an_error_naming_the_choices()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Functional.Blas.Select("mkl", Native, null));
        Assert.Contains("'mkl'", e.Message);
        Assert.Contains("managed", e.Message);
    }

    [Fact]
    public void The_active_backend_follows_the_environment_and_is_described()
    {
        var setting = Environment.GetEnvironmentVariable(Functional.Blas.EnvironmentVariable);
        var expected = Functional.Blas.Select(setting, Functional.Blas.OpenBlasBackend, OpenBlas.LoadError).Name;
        Assert.Equal(expected, Functional.Blas.Backend);
        var line = Functional.Blas.Describe();
        Assert.StartsWith($"blas: {expected}", line);
        Assert.Contains($", {Functional.Blas.Threads} thread(s)", line);
        if (expected == "auto") Assert.Contains("per shape", line);
        Assert.Contains(Functional.Blas.Simd, line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void Threads_round_trips_and_rejects_zero()
    {
        var before = Functional.Blas.Threads;
        try
        {
            Functional.Blas.SetThreads(1);
            Assert.Equal(1, Functional.Blas.Threads);
            Assert.Equal(1, Functional.Blas.ManagedThreads);
            if (Functional.Blas.OpenBlasBackend is OpenBlas o) Assert.Equal(1, o.Threads);
            Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Blas.SetThreads(0));
        }
        finally { Functional.Blas.SetThreads(before); }
    }

    [Fact]
    public void Openblas_idle_workers_sleep_unless_the_environment_says_otherwise()
    {
        if (OpenBlas.Instance is not { } o) return;   // without OpenBLAS there is nothing to configure (GemmTests reports it)
        // OpenBLAS read the variable when it loaded: the library's default unless the process started with one set.
        var set = Environment.GetEnvironmentVariable(OpenBlas.ThreadTimeoutVariable);
        var expected = int.TryParse(set, out var v) ? v : OpenBlas.DefaultThreadTimeout;
        Assert.Equal(expected, o.ThreadTimeout);
        // It decides which backend wins a shape, so a plan made under another setting is not reused.
        Assert.Contains($"thread timeout {expected}", GemmPlan.Configuration(o));
        Assert.Contains($"thread timeout {expected}", Functional.Blas.Describe());
    }
}
