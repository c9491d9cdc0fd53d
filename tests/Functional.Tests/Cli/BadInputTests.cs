using LanguageExt;
using Functional.Tests.Conformance;
using Functional.Tests.Data;

namespace Functional.Tests.Cli;

public sealed class BadInputTests(TrainedModelFixture trained) : IClassFixture<TrainedModelFixture>
{
    [Theory]
    [InlineData("--batch-size", "0", "--batch-size must be positive")]
    [InlineData("--n-epochs", "-1", "--n-epochs must be positive")]
    [InlineData("--n-layers", "0", "--n-layers must be positive")]
    [InlineData("--limit", "0", "--limit must be positive")]
    [InlineData("--lr", "-0.1", "--lr must be positive")]
    [InlineData("--train-ratio", "1", "--train-ratio must lie in (0, 1)")]
    [InlineData("--train-ratio", "0", "--train-ratio must lie in (0, 1)")]
    [InlineData("--dropout-p", "1", "--dropout-p must lie in [0, 1)")]
    [InlineData("--verbose", "3", "--verbose must be 0, 1 or 2")]
    [InlineData("--model", "transformer", "transformer")]
    [InlineData("--optimizer", "lbfgs", "lbfgs")]
    [InlineData("--frobnicate", "1", "--frobnicate")]
    [InlineData("--batch-size", "many", "many")]
    public void Bad_options_exit_with_two_and_say_why(string option, string value, string message)
    {
        using var dir = new TempDir();
        var (exit, output, error) = CliData.Run("train", "--model-fn", dir.File("m.safetensors"), "--data-dir", trained.Data, option, value);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
        Assert.DoesNotContain("Epoch(", output);
        Assert.DoesNotContain("   at ", error);
        Assert.False(File.Exists(dir.File("m.safetensors")));
    }

    [Fact]
    public void Model_fn_is_required()
    {
        var (exit, _, error) = CliData.Run("train");
        Assert.Equal(2, exit);
        Assert.Contains("--model-fn", error);
    }

    [Fact]
    public void A_missing_data_directory_says_how_to_install_fashion_mnist()
    {
        using var dir = new TempDir();
        var (exit, _, error) = CliData.Run("train", "--model-fn", dir.File("m.safetensors"), "--data-dir", dir.File("nowhere"));
        Assert.Equal(2, exit);
        Assert.Contains("apt-get install dataset-fashion-mnist", error);
        Assert.Contains("--data-dir", error);
    }

    [Fact]
    public void A_malformed_idx_file_is_named()
    {
        using var dir = new TempDir();
        CliData.WriteIdx(dir.Path, 20, 10, gzip: false);
        File.WriteAllBytes(dir.File("train-images-idx3-ubyte"), [0, 0, 8, 3, 0, 0, 0, 20, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3]);   // truncated body
        var (exit, _, error) = CliData.Run("train", "--model-fn", dir.File("m.safetensors"), "--data-dir", dir.Path);
        Assert.Equal(2, exit);
        Assert.Contains("train-images-idx3-ubyte", error);
        Assert.False(File.Exists(dir.File("m.safetensors")));
    }

    [Fact]
    public void An_unwritable_output_path_is_detected_before_training()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("file"), "not a directory");
        var (exit, output, error) = CliData.Run("train", "--model-fn", dir.File("file/m.safetensors"), "--data-dir", trained.Data);
        Assert.Equal(2, exit);
        Assert.Contains("cannot write checkpoint", error);
        Assert.DoesNotContain("Train:", output);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(200)]
    [InlineData(-1)]   // the whole file but the last byte
    public void A_truncated_checkpoint_is_refused_by_predict_evaluate_and_resume(int length)
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(trained.Model);
        var path = dir.File("cut.safetensors");
        File.WriteAllBytes(path, bytes[..(length < 0 ? bytes.Length - 1 : length)]);
        foreach (var args in new[]
                 {
                     new[] { "predict", "--model-fn", path, "--data-dir", trained.Data },
                     ["evaluate", "--model-fn", path, "--data-dir", trained.Data],
                     ["train", "--model-fn", path, "--data-dir", trained.Data, "--resume"],
                 })
        {
            var (exit, _, error) = CliData.Run(args);
            Assert.Equal(2, exit);
            Assert.Contains("cut.safetensors", error);
            Assert.DoesNotContain("   at ", error);
        }
        Assert.Equal(length < 0 ? bytes.Length - 1 : length, new FileInfo(path).Length);   // nothing lost or overwritten
    }

    [Fact]
    public void A_checkpoint_that_does_not_fit_the_architecture_names_the_tensor_and_both_shapes()
    {
        using var dir = new TempDir();
        var file = SafeTensors.Read(trained.Model).ThrowIfFail();
        var meta = file.Metadata.ToDictionary();
        meta["config"] = meta["config"].Replace("\"n_layers\":3", "\"n_layers\":4");
        var path = dir.File("other.safetensors");
        SafeTensors.Write(path, new SafeTensorFile(file.Entries, meta));
        var (exit, _, error) = CliData.Run("predict", "--model-fn", path, "--data-dir", trained.Data);
        Assert.Equal(2, exit);
        Assert.Contains("tensor 'layers.0.block.0.weight' has shape [526, 784], but the model expects [591, 784]", error);
    }

    [Fact]
    public void Resuming_a_missing_checkpoint_fails_clearly()
    {
        using var dir = new TempDir();
        var (exit, _, error) = CliData.Run("train", "--model-fn", dir.File("none.safetensors"), "--data-dir", trained.Data, "--resume");
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error);
    }

    [Fact]
    public void A_plain_weights_file_is_not_a_checkpoint()
    {
        using var dir = new TempDir();
        var path = dir.File("w.safetensors");
        SafeTensors.Write(path, new SafeTensorFile([SafeTensor.From("w", Tensor.Zeros<float>(2))]));
        var (exit, _, error) = CliData.Run("predict", "--model-fn", path, "--data-dir", trained.Data);
        Assert.Equal(2, exit);
        Assert.Contains("not a checkpoint written by `functional train`", error);
    }
}
