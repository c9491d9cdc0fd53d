using System.Diagnostics;
using Functional.Cli.Training;
using Functional.Tests.Cli;
using Functional.Tests.Conformance;
using Xunit.Abstractions;

namespace Functional.Tests.Reliability;

/// <summary>
/// A checkpoint survives a process killed at any instant. <c>functional train</c> runs as a child process and is
/// killed with SIGKILL at 30 instants drawn from a seeded key over the length of an uninterrupted run. After each kill
/// the checkpoint on disk, if one was written yet, loads; the run is then resumed with <c>--resume</c> (or started
/// again when no epoch was saved) and killed again, until it completes. A completed chain of kills and resumes must
/// end with the same bytes as the uninterrupted run, and leave no temporary file behind.
/// </summary>
public sealed class KillTests(ITestOutputHelper log)
{
    private const int Kills = 30;

    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "Functional.Cli.dll");

    private static Process Start(string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Cli);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["TERM"] = "dumb";
        var p = Process.Start(info)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    [Fact]
    public void Killed_at_30_random_instants_and_resumed_a_run_ends_with_the_bytes_of_an_uninterrupted_one()
    {
        using var dir = new TempDir();
        var data = dir.File("data");
        Directory.CreateDirectory(data);
        CliData.WriteIdx(data, train: 400, test: 20);
        string[] Args(string model, bool resume) =>
        [
            "train", "--model-fn", model, "--data-dir", data, "--n-epochs", "6", "--batch-size", "25", "--n-layers", "3",
            "--threads", "1", "--verbose", "0", .. resume ? new[] { "--resume" } : [],
        ];

        var reference = dir.File("reference.safetensors");
        var clock = Stopwatch.StartNew();
        using (var p = Start(Args(reference, resume: false)))
        {
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "the uninterrupted run did not finish");
            Assert.Equal(0, p.ExitCode);
        }
        var length = clock.Elapsed;
        var expected = File.ReadAllBytes(reference);
        log.WriteLine($"uninterrupted run: {length.TotalSeconds:F2} s, checkpoint {expected.Length} bytes");

        var rng = new Rng(15);
        var (kills, chains, loaded, draws) = (0, 0, 0, 0UL);
        var model = dir.File($"chain{chains}.safetensors");
        while (kills < Kills)
        {
            var resume = File.Exists(model);
            using var p = Start(Args(model, resume));
            var instant = TimeSpan.FromSeconds(length.TotalSeconds * rng.Uniform(draws++));
            if (!p.WaitForExit(instant))
            {
                p.Kill();   // SIGKILL on Unix: no handler runs, no finally block, no flush
                p.WaitForExit();
                kills++;
                if (File.Exists(model))
                {
                    // Whatever instant the kill came at, the file on disk is a whole checkpoint.
                    Assert.True(SafeTensors.Read(model).IsSucc, $"kill {kills} at {instant.TotalSeconds:F2} s left an unreadable {model}");
                    _ = SavedModel.Open(model);
                    loaded++;
                }
                continue;
            }
            Assert.Equal(0, p.ExitCode);
            // The chain completed: its checkpoint must be the uninterrupted one, bit for bit.
            Assert.Equal(expected, File.ReadAllBytes(model));
            chains++;
            model = dir.File($"chain{chains}.safetensors");
        }
        // Finish the last chain without killing it.
        if (File.Exists(model) || chains == 0)
        {
            using var p = Start(Args(model, File.Exists(model)));
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)));
            Assert.Equal(0, p.ExitCode);
            Assert.Equal(expected, File.ReadAllBytes(model));
            chains++;
        }
        Assert.Empty(Directory.GetFiles(dir.Path, "*.safetensors.*.tmp"));
        log.WriteLine($"{kills} kills, {loaded} with a checkpoint on disk, {chains} chains completed bit-identical");
        Assert.True(chains >= 2, $"only {chains} chain(s) completed");
    }
}
