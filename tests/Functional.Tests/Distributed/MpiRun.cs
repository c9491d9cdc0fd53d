using System.Diagnostics;

namespace Functional.Tests.Mpi;

/// <summary>Launches a program of the test output under <c>mpirun --oversubscribe -np N</c> (or alone) and collects its output.</summary>
internal static class MpiRun
{
    /// <summary>The mpirun on the PATH, or null.</summary>
    public static string? Mpirun { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
        .Select(d => Path.Combine(d, "mpirun")).FirstOrDefault(File.Exists);

    public const string Missing = "mpirun is not installed (apt-get install openmpi-bin); the data-parallel tests need it";

    /// <summary>A dll beside the tests' (the driver, or the CLI's Functional.Cli.dll).</summary>
    public static string Dll(string name) => Path.Combine(AppContext.BaseDirectory, name + ".dll");

    public static string Driver => Dll("Functional.Distributed.Driver");

    public sealed record Result(int Exit, string Out, string Err)
    {
        public override string ToString() => $"exit {Exit}\n--- stdout\n{Out}\n--- stderr\n{Err}";
    }

    /// <summary>Runs <c>dotnet DLL ARGS</c> on <paramref name="ranks"/> ranks (0: alone, without mpirun), killed after <paramref name="timeout"/>.</summary>
    public static Result Run(int ranks, string dll, IEnumerable<string> args, TimeSpan? timeout = null, Action<Process>? whileRunning = null)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (ranks > 0)
        {
            start.FileName = Mpirun ?? throw new InvalidOperationException(Missing);
            foreach (var a in (string[])["--oversubscribe", "-np", ranks.ToString(), "dotnet", dll]) start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = "dotnet";
            start.ArgumentList.Add(dll);
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        start.Environment["TERM"] = "dumb";
        // One BLAS thread per rank: the ranks already fill the machine's cores.
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        if (ranks == 0)
            foreach (var v in (string[])["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"]) start.Environment.Remove(v);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        whileRunning?.Invoke(p);
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not end in time (a hang)\n{output.Result}\n{error.Result}");
        }
        return new Result(p.ExitCode, output.Result, error.Result);
    }
}

/// <summary>A fact that needs mpirun: skipped, with the reason shown, only when mpirun is not installed.</summary>
public sealed class MpiFactAttribute : FactAttribute
{
    public MpiFactAttribute()
    {
        if (MpiRun.Mpirun is null) Skip = MpiRun.Missing;
    }
}

/// <summary>A theory that needs mpirun: skipped, with the reason shown, only when mpirun is not installed.</summary>
public sealed class MpiTheoryAttribute : TheoryAttribute
{
    public MpiTheoryAttribute()
    {
        if (MpiRun.Mpirun is null) Skip = MpiRun.Missing;
    }
}

/// <summary>The distributed tests launch processes that fill both cores: they run one at a time, apart from the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MpiCollection
{
    public const string Name = "mpirun";
}
