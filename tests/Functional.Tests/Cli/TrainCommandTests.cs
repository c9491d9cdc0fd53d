using LanguageExt;
using System.Globalization;
using System.Text.RegularExpressions;
using Functional.Cli.Models;
using Functional.Tests.Conformance;

namespace Functional.Tests.Cli;

public sealed class TrainCommandTests(TrainedModelFixture trained) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void Train_prints_the_shapes_the_summary_and_one_book_line_per_epoch()
    {
        var (exit, output, error) = trained.Training;
        Assert.True(exit == 0, error);
        Assert.Contains("Train: [240, 784] [240]", output);
        Assert.Contains("Valid: [60, 784] [60]", output);
        Assert.Contains("Linear(784 -> 526)", output);   // 3 layers: step (784 - 10) / 3 = 258
        Assert.Contains("Optimizer: adam(lr=0.001)", output);
        var epochs = Regex.Matches(output, @"^Epoch\((\d)/2\): train_loss=\d\.\d{4}e[-+]\d\d  valid_loss=\d\.\d{4}e[-+]\d\d  lowest_loss=\d\.\d{4}e[-+]\d\d\r?$", RegexOptions.Multiline);
        Assert.Equal(["1", "2"], epochs.Select(m => m.Groups[1].Value));
        Assert.Matches(new Regex(@"^Epoch seconds: \d+\.\d{3} \d+\.\d{3}\r?$", RegexOptions.Multiline), output);   // read by compare.py
        Assert.True(File.Exists(Functional.Cli.Training.TrainRun.CurvePath(trained.Model)));
    }

    [Fact]
    public void The_checkpoint_holds_pytorch_names_batch_norm_buffers_the_config_and_the_optimizer()
    {
        var file = SafeTensors.Read(trained.Model).ThrowIfFail();
        Assert.Equal(new Shape(526, 784), file["layers.0.block.0.weight"].Shape);
        Assert.Equal(new Shape(268), file["layers.1.block.2.running_var"].Shape);
        Assert.Equal(DType.I64, file["layers.1.block.2.num_batches_tracked"].DType);
        Assert.Equal([16L], file["layers.1.block.2.num_batches_tracked"].ToInt64());   // 8 batches × 2 epochs
        Assert.Equal(new Shape(10, 268), file["layers.2.weight"].Shape);
        Assert.True(file.Contains("optim/Parts/0/Nu/layers.2.weight"));
        Assert.Contains("\"n_layers\":3", file.Metadata["config"]);
        Assert.Equal("2", file.Metadata["train.epoch"]);
    }

    [Fact]
    public void Predict_reports_accuracy_the_first_predictions_and_writes_a_grid()
    {
        var grid = trained.File("grid.png");
        var (exit, output, error) = CliData.Run("predict", "--model-fn", trained.Model, "--data-dir", trained.Data, "--n", "7", "--image-out", grid);
        Assert.True(exit == 0, error);
        var m = Regex.Match(output, @"^Accuracy: (0\.\d{4}|1\.0000)\r?$", RegexOptions.Multiline);
        Assert.True(m.Success, output);
        Assert.True(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 0.5, output);
        Assert.Equal(7, Regex.Matches(output, @"^\s+\d+  predicted ", RegexOptions.Multiline).Count);
        Assert.True(new FileInfo(grid).Length > 0);
    }

    [Fact]
    public void Evaluate_prints_the_report_the_confusion_matrix_and_auroc_and_writes_plots()
    {
        var outDir = trained.File("eval");
        var (exit, output, error) = CliData.Run("evaluate", "--model-fn", trained.Model, "--data-dir", trained.Data, "--out-dir", outDir);
        Assert.True(exit == 0, error);
        Assert.Contains("precision    recall  f1-score   support", output);
        Assert.Contains("Confusion matrix", output);
        Assert.Matches(@"ROC AUC \(one-vs-rest, macro\): (0\.\d{4}|1\.0000)", output);
        Assert.True(File.Exists(Path.Combine(outDir, "fc.confusion.png")));
        Assert.True(File.Exists(Path.Combine(outDir, "fc.roc.png")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_epochs_resumed_to_four_equal_four_epochs_bit_for_bit(bool dropout)
    {
        using var dir = new TempDir();
        string[] common = ["--data-dir", trained.Data, "--batch-size", "64", "--n-layers", "2", "--limit", "200", "--verbose", "0",
                           .. dropout ? new[] { "--use-dropout" } : []];
        var (a, b) = (dir.File("a.safetensors"), dir.File("b.safetensors"));
        Assert.Equal(0, CliData.Run(["train", "--model-fn", a, "--n-epochs", "2", .. common]).Exit);
        var resumed = CliData.Run(["train", "--model-fn", a, "--n-epochs", "4", "--resume", .. common]);
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.Contains("Epoch(3/4)", resumed.Out);
        Assert.DoesNotContain("Epoch(2/4)", resumed.Out);
        Assert.Equal(0, CliData.Run(["train", "--model-fn", b, "--n-epochs", "4", .. common]).Exit);
        var (fa, fb) = (SafeTensors.Read(a).ThrowIfFail(), SafeTensors.Read(b).ThrowIfFail());
        Assert.Equal<string>(fb.Names, fa.Names);
        foreach (var e in fb.Entries) Assert.True(e.Bytes.Span.SequenceEqual(fa[e.Name].Bytes.Span), e.Name);
        Assert.Equal(fb.Metadata.Where(kv => kv.Key != "config"), fa.Metadata.Where(kv => kv.Key != "config"));
    }

    [Fact]
    public void Summary_prints_the_layer_table()
    {
        var (exit, output, _) = CliData.Run("summary", "--model", "fc");
        Assert.Equal(0, exit);
        Assert.Contains("Linear(784 -> 630)", output);
        Assert.Contains("BatchNorm1d(168)", output);
        Assert.Contains("total parameters: 1,007,646", output);
        var (exit2, dropout, _) = CliData.Run("summary", "--n-layers", "2", "--use-dropout", "--dropout-p", "0.5");
        Assert.Equal(0, exit2);
        Assert.Contains("Dropout(p=0.5)", dropout);
    }

    [Fact]
    public void Hidden_sizes_follow_the_book()
    {
        Assert.Equal([630, 476, 322, 168], FcModel.HiddenSizes(784, 10, 5));
        Assert.Equal([397], FcModel.HiddenSizes(784, 10, 2));
        Assert.Empty(FcModel.HiddenSizes(784, 10, 1));
        var init = new FcModel().Build(new ModelOptions("fc"), 28, 28, 10).Init<float>(Shape.Of(-1, 784), new Rng(0));
        Assert.Contains("layers.3.block.2.running_mean", init.State.Paths());
        Assert.Equal("layers.4.bias", init.Params.Paths()[^1]);
    }
}
