using Functional.Tests.Cli;
using Functional.Tests.Conformance;

namespace Functional.Tests.Reliability;

/// <summary>
/// Running out of disk loses nothing: on a small tmpfs, filled up on purpose, writing a checkpoint fails with an error
/// that names the file and the cause, the previous checkpoint is intact, and no temporary file is left behind.
/// </summary>
public sealed class DiskFullTests
{
    private static string[] Temporaries(string dir) => Directory.GetFiles(dir, "*.tmp*");

    [SkippableFact]
    public void A_safetensors_write_on_a_full_disk_keeps_the_previous_file()
    {
        using var fs = Tmpfs.Mount(4);
        var path = fs.File("weights.safetensors");
        SafeTensors.Write(path, [SafeTensor.From("w", Tensor.Full(1f, 1000))]);
        var before = File.ReadAllBytes(path);
        fs.Fill(leaveBytes: 64 * 1024);
        var e = Assert.Throws<SafeTensorsException>(() => SafeTensors.Write(path, [SafeTensor.From("w", Tensor.Full(2f, 1_000_000))]));
        Assert.Equal($"{path}: cannot write: No space left on device; the previous file is unchanged", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Temporaries(fs.Path));
    }

    [SkippableFact]
    public void Training_on_a_full_disk_stops_with_one_line_and_the_last_checkpoint_resumes()
    {
        using var fs = Tmpfs.Mount(16);
        using var work = new TempDir();
        var data = work.File("data");
        Directory.CreateDirectory(data);
        CliData.WriteIdx(data, train: 200, test: 20);
        var model = fs.File("fc.safetensors");
        string[] common = ["--model-fn", model, "--data-dir", data, "--n-layers", "2", "--batch-size", "50", "--verbose", "0"];
        var first = CliData.Run(["train", "--n-epochs", "1", .. common]);
        Assert.True(first.Exit == 0, first.Err);
        var before = File.ReadAllBytes(model);

        fs.Fill(leaveBytes: before.Length / 4);
        var full = CliData.Run(["train", "--n-epochs", "2", "--resume", .. common]);
        Assert.Equal(1, full.Exit);
        var line = Assert.Single(full.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"train: epoch 2 was not saved: {model}: cannot write: No space left on device; the previous file is unchanged. " +
                     $"{model} holds the run up to epoch 1 (resume with --resume)", line);
        Assert.Equal(before, File.ReadAllBytes(model));
        Assert.Empty(Temporaries(fs.Path));

        File.Delete(fs.File("filler"));
        var resumed = CliData.Run(["train", "--n-epochs", "2", "--resume", .. common]);
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.Contains("Epoch(2/2)", resumed.Out);
        Assert.Empty(Temporaries(fs.Path));
    }
}
