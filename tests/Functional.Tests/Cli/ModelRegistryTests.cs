using Functional.Cli.Models;
using Functional.Tests.Conformance;

namespace Functional.Tests.Cli;

public sealed class ModelRegistryTests
{
    private static Tree<float> Params(IModelFactory f, ModelOptions o)
        => f.Build(o, 28, 28, 10).Init<float>(f.Layout.Shape(28, 28), new Rng(0)).Params;

    [Fact]
    public void The_book_cnn_has_pytorch_s_parameter_count_and_names()
    {
        var f = ModelRegistry.Get("cnn");
        var p = Params(f, new ModelOptions("cnn"));
        Assert.Equal(4_741_876, p.Count());      // torch: sum(p.numel()) of the book's ConvolutionalClassifier
        var names = p.Paths().Select(f.StateDictName).ToList();
        Assert.Contains("blocks.0.layers.0.weight", names);
        Assert.Contains("blocks.4.layers.5.bias", names);
        Assert.Contains("layers.2.weight", names);
        Assert.Contains("layers.3.bias", names);
    }

    [Fact]
    public void The_book_rnn_has_pytorch_s_parameter_count_and_names()
    {
        var f = ModelRegistry.Get("rnn");
        var p = Params(f, new ModelOptions("rnn", NLayers: 4, HiddenSize: 128));
        Assert.Equal(1_347_584 + 512 + 2_570, p.Count());   // nn.LSTM(28, 128, 4, bidirectional) + BatchNorm1d(256) + Linear(256, 10)
        var names = p.Paths().Select(f.StateDictName).ToList();
        Assert.Contains("rnn.weight_ih_l0", names);
        Assert.Contains("rnn.weight_hh_l3_reverse", names);
        Assert.Contains("layers.1.weight", names);
        Assert.Contains("layers.2.bias", names);
    }

    [Fact]
    public void The_cnn_rejects_images_its_head_cannot_take()
        => Assert.Throws<ArgumentException>(() => ModelRegistry.Get("cnn").Build(new ModelOptions("cnn"), 64, 64, 10));

    [Theory]
    [InlineData("cnn")]
    [InlineData("rnn")]
    public void Cnn_and_rnn_train_from_the_cli_and_their_checkpoints_predict(string model)
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("data"));
        CliData.WriteIdx(dir.File("data"), train: 64, test: 32);
        var fn = dir.File(model + ".safetensors");
        var (exit, output, error) = CliData.Run("train", "--model", model, "--model-fn", fn, "--data-dir", dir.File("data"),
            "--n-epochs", "1", "--batch-size", "32", "--n-layers", "2", "--hidden-size", "8", "--verbose", "0");
        Assert.True(exit == 0, error + output);
        Assert.Contains("Epoch(1/1)", output);
        var (pexit, poutput, perror) = CliData.Run("predict", "--model-fn", fn, "--data-dir", dir.File("data"), "--n", "2",
            "--image-out", dir.File("grid.png"));
        Assert.True(pexit == 0, perror);
        Assert.Matches(@"Accuracy: \d\.\d{4}", poutput);
    }
}
