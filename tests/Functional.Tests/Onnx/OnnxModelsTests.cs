using Functional.Cli.Models;
using Functional.Cli.Onnx;
using Functional.Cli.Training;
using Functional.Tests.Cli;
using Functional.Tests.Conformance;

namespace Functional.Tests.Onnx;

/// <summary>Three checkpoints of the CLI's models (fc, cnn, rnn), trained for one short epoch on a small learnable data set with 1,000 test images.</summary>
public sealed class OnnxModelsFixture : IDisposable
{
    private readonly TempDir dir = new();

    public string Data => Path.Combine(dir.Path, "data");

    public string File(string name) => dir.File(name);

    public OnnxModelsFixture()
    {
        Directory.CreateDirectory(Data);
        CliData.WriteIdx(Data, train: 300, test: 1000);
        foreach (var model in new[] { "fc", "cnn", "rnn" })
        {
            var r = CliData.Run("train", "--model", model, "--model-fn", Checkpoint(model), "--data-dir", Data, "--n-epochs", "1", "--batch-size", "32",
                "--n-layers", "2", "--hidden-size", "32", "--verbose", "0");
            if (r.Exit != 0) throw new InvalidOperationException($"training {model} failed: {r.Err}");
        }
    }

    public string Checkpoint(string model) => dir.File(model + ".safetensors");

    public void Dispose() => dir.Dispose();
}

/// <summary>
/// <c>functional export</c> on trained checkpoints: ONNX Runtime and our forward agree on 1,000 test images (same
/// classes, log-probabilities within 1e-4); bad input exits with 2 and one line and leaves no file.
/// </summary>
public sealed class OnnxModelsTests(OnnxModelsFixture models) : IClassFixture<OnnxModelsFixture>
{
    [Theory]
    [InlineData("fc")]
    [InlineData("cnn")]
    [InlineData("rnn")]
    public void The_exported_model_predicts_what_ours_predicts(string model)
    {
        var onnx = models.File(model + ".onnx");
        var (exit, output, error) = CliData.Run("export", "--model-fn", models.Checkpoint(model), "--onnx", onnx);
        Assert.True(exit == 0, error);
        Assert.StartsWith($"Wrote {onnx}", output);

        var saved = SavedModel.Open(models.Checkpoint(model));
        var (p, s) = saved.Weights();
        var test = MnistInput.Load(models.Data).Test;
        Assert.Equal(1000, test.Count);
        var ours = saved.Predict(test.Images, p, s);
        using var ort = new OrtRunner(onnx);
        var theirs = ort.Run(saved.Factory.Layout.Arrange(test.Images));
        Assert.Equal(Shape.Of(1000, 10), theirs.Shape);
        Assert.Equal(Argmax(ours), Argmax(theirs));
        var (a, b) = (ours.ToArray(), theirs.ToArray());
        var worst = a.Select((v, i) => Math.Abs(v - b[i])).Max();
        Assert.True(worst <= 1e-4, $"{model}: max |Δ log p| = {worst}");
    }

    [Fact]
    public void An_unwritable_path_exits_with_two_and_one_line_and_leaves_no_file()
    {
        var target = Path.Combine(models.File("missing-dir"), "fc.onnx");
        var (exit, output, error) = CliData.Run("export", "--model-fn", models.Checkpoint("fc"), "--onnx", target);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"export: cannot write {target}: the directory {Path.GetDirectoryName(target)} does not exist", error.TrimEnd());
        Assert.False(Directory.Exists(models.File("missing-dir")));

        var asDir = models.File("a-directory.onnx");
        Directory.CreateDirectory(asDir);
        var r = CliData.Run("export", "--model-fn", models.Checkpoint("fc"), "--onnx", asDir);
        Assert.Equal(2, r.Exit);
        Assert.Single(r.Err.TrimEnd().Split('\n'));
        Assert.Empty(Directory.GetFileSystemEntries(asDir));
    }

    [Fact]
    public void A_bad_checkpoint_exits_with_two_and_writes_nothing()
    {
        var onnx = models.File("never.onnx");
        var (exit, _, error) = CliData.Run("export", "--model-fn", models.File("no-such.safetensors"), "--onnx", onnx);
        Assert.Equal(2, exit);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(onnx));
    }

    private static int[] Argmax(Tensor<float> scores)
    {
        var (rows, c, v) = (scores.Shape[0], scores.Shape[1], scores.ToArray());
        return [.. Enumerable.Range(0, rows).Select(i => Enumerable.Range(0, c).MaxBy(j => v[i * c + j]))];
    }
}
