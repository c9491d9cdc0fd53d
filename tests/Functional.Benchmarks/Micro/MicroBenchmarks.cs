using BenchmarkDotNet.Running;

namespace Functional.Benchmarks.Micro;

/// <summary>
/// The <c>micro</c> subcommand: hands its arguments to BenchmarkDotNet's switcher over the benchmark classes of this
/// folder, so BDN's own options work (<c>--filter '*Gemm*'</c>, <c>--job short</c>, <c>--list flat</c>, <c>--help</c>).
/// BDN's default toolchain builds and runs each job in a child process generated from this project; it looks for
/// <c>Functional.Benchmarks.csproj</c> below the directory of the nearest solution file above the current directory.
/// </summary>
static class MicroBenchmarks
{
    public static int Run(string[] args)
    {
        // Started outside the repository (e.g. from /tmp), BDN would not find the csproj: move to the repository this
        // dll was built in, when there is one.
        if (FindSolution(Directory.GetCurrentDirectory()) is null && FindSolution(AppContext.BaseDirectory) is { } root)
        {
            Console.Error.WriteLine($"micro: running from {root}, where BenchmarkDotNet finds Functional.Benchmarks.csproj");
            Directory.SetCurrentDirectory(root);
        }
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks).Assembly).Run(args).ToArray();
        // A run that selected benchmarks but could not build or run one of them is a failure of the command.
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    /// <summary>The nearest directory at or above <paramref name="start"/> holding Functional.sln, or null.</summary>
    static string? FindSolution(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Functional.sln"))) return dir.FullName;
        return null;
    }
}
