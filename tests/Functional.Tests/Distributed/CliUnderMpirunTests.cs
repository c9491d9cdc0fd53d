using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Functional.Tests.Cli;
using Functional.Tests.Conformance;

namespace Functional.Tests.Mpi;

/// <summary>
/// <c>mpirun -np 2 functional train</c> on 6,000 Fashion-MNIST images (the data set setup.sh installs): one set of epoch
/// lines, one checkpoint that <c>predict</c> reads, a validation loss near the single process's, and resume rules.
/// </summary>
[Collection(MpiCollection.Name)]
public sealed class CliUnderMpirunTests
{
    private static readonly string Cli = MpiRun.Dll("Functional.Cli");

    private static string[] Train(string model, int epochs, params string[] more)
        => ["train", "--model-fn", model, "--limit", "6000", "--n-epochs", epochs.ToString(CultureInfo.InvariantCulture), "--threads", "1", "--verbose", "0", .. more];

    private static double[] ValidLosses(string output)
        => [.. Regex.Matches(output, @"^Epoch\(\d+/\d+\): .*valid_loss=(\S+)", RegexOptions.Multiline).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    [MpiFact]
    public void TwoRanksTrainOneRunThatPredictReadsAndResumeKeepsTheWorldSize()
    {
        using var dir = new TempDir();
        var two = dir.File("two.safetensors");
        var run = MpiRun.Run(2, Cli, Train(two, 2));
        Assert.True(run.Exit == 0, run.ToString());
        // Only rank 0 prints: one line per epoch, one summary.
        Assert.Equal(2, ValidLosses(run.Out).Length);
        Assert.Single(Regex.Matches(run.Out, "^Best epoch", RegexOptions.Multiline));
        Assert.Contains("All-reduce:", run.Out);

        var predict = CliData.Run("predict", "--model-fn", two, "--n", "3");
        Assert.True(predict.Exit == 0, predict.Err);

        var one = dir.File("one.safetensors");
        var single = CliData.Run(Train(one, 2));
        Assert.True(single.Exit == 0, single.Err);
        // Per-rank batch-norm statistics (half the batch each) make the runs differ a little, as in PyTorch's DDP.
        var (a, b) = (ValidLosses(single.Out)[^1], ValidLosses(run.Out)[^1]);
        Assert.True(Math.Abs(a - b) <= 0.15 * a, $"valid loss: one process {a}, two ranks {b}");

        var wrong = MpiRun.Run(2, Cli, Train(one, 3, "--resume"));
        Assert.NotEqual(0, wrong.Exit);
        Assert.Contains("was trained on 1 rank(s), this run has 2", wrong.Out + wrong.Err);
        var wrong2 = CliData.Run(Train(two, 3, "--resume"));
        Assert.NotEqual(0, wrong2.Exit);
        Assert.Contains("was trained on 2 rank(s), this run has 1", wrong2.Err);

        var resumed = MpiRun.Run(2, Cli, Train(two, 3, "--resume"));
        Assert.True(resumed.Exit == 0, resumed.ToString());
        Assert.Matches(@"(?m)^Epoch\(3/3\)", resumed.Out);
        Assert.Single(ValidLosses(resumed.Out));
    }

    [MpiFact]
    public void KillingARankEndsTheJobAndTheLastCheckpointResumes()
    {
        using var dir = new TempDir();
        var model = dir.File("dead.safetensors");
        var clock = Stopwatch.StartNew();
        var run = MpiRun.Run(2, Cli, Train(model, 30), TimeSpan.FromMinutes(3), mpirun =>
        {
            // Wait for the first checkpoint, then kill rank 1 in the middle of a later epoch.
            while (!File.Exists(model) && !mpirun.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(100);
            Thread.Sleep(700);
            var rank1 = Rank(mpirun.Id, 1) ?? throw new InvalidOperationException("rank 1 not found among mpirun's children");
            Process.GetProcessById(rank1).Kill();
        });
        Assert.NotEqual(0, run.Exit);
        Assert.Contains("signal 9", run.Out + run.Err);

        var file = Checkpoint.Read(model).ThrowIfFail();
        var epochs = int.Parse(file.Metadata["train.epoch"], CultureInfo.InvariantCulture);
        Assert.InRange(epochs, 1, 29);
        var resumed = MpiRun.Run(2, Cli, Train(model, epochs + 1, "--resume"));
        Assert.True(resumed.Exit == 0, resumed.ToString());
        Assert.Matches($@"(?m)^Epoch\({epochs + 1}/{epochs + 1}\)", resumed.Out);
    }

    // The pid of the child of mpirun that runs rank r (OMPI_COMM_WORLD_RANK in its environment).
    private static int? Rank(int mpirun, int rank)
    {
        foreach (var d in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(d), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(d, "stat"));
                var ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (ppid != mpirun) continue;
                var env = File.ReadAllText(Path.Combine(d, "environ")).Split('\0');
                if (env.Contains($"OMPI_COMM_WORLD_RANK={rank}")) return pid;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }
}
