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
        var names = p.Paths();
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
        var names = p.Paths();
        Assert.Contains("rnn.weight_ih_l0", names);
        Assert.Contains("rnn.weight_hh_l3_reverse", names);
        Assert.Contains("layers.1.weight", names);
        Assert.Contains("layers.2.bias", names);
    }

    /// <summary>
    /// The names the models had when they were positional sequences renamed by strings (the code this replaced): the
    /// structure must give exactly these, in this order, so earlier checkpoints and PyTorch's state dicts still load.
    /// </summary>
    public static TheoryData<string, ModelOptions> Models => new()
    {
        { "fc", new ModelOptions("fc") },
        { "fc", new ModelOptions("fc", NLayers: 3, UseDropout: true) },
        { "cnn", new ModelOptions("cnn") },
        { "rnn", new ModelOptions("rnn", NLayers: 2, HiddenSize: 8) },
    };

    private static string OldName(string model, string path)
    {
        var parts = path.Split('.');
        return model switch
        {
            "fc" => parts.Length == 3 ? $"layers.{parts[0]}.block.{parts[1]}.{parts[2]}" : "layers." + path,
            "cnn" => parts[0] == "0" ? $"blocks.{parts[1]}.layers.{string.Join('.', parts[2..])}" : $"layers.{string.Join('.', parts[1..])}",
            _ => parts[0] == "0" ? "rnn." + string.Join('.', parts[1..]) : $"layers.{int.Parse(parts[0]) - 1}.{string.Join('.', parts[1..])}",
        };
    }

    private static Layer OldStructure(string model, ModelOptions o)
    {
        // The same layers, as the positional sequences the old factories built.
        var built = ModelRegistry.Get(model).Build(o, 28, 28, 10);
        static Layer Strip(Layer l) => l switch
        {
            Named n => Strip(n.Inner),
            Sequential s => new Sequential(s.Layers.Select(Strip).ToArray()),
            _ => l,
        };
        var flat = (Sequential)Strip(built);
        return model == "rnn" ? new Sequential([flat.Layers[0], .. ((Sequential)flat.Layers[1]).Layers]) : flat;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void State_dict_names_come_from_the_structure_and_match_the_book_s_exactly(string model, ModelOptions o)
    {
        var f = ModelRegistry.Get(model);
        var input = f.Layout.Shape(28, 28);
        var now = f.Build(o, 28, 28, 10).Init<float>(input, new Rng(0));
        var before = OldStructure(model, o).Init<float>(input, new Rng(0));
        Assert.Equal(before.Params.Paths().Select(p => OldName(model, p)), now.Params.Paths());
        Assert.Equal(before.State.Paths().Select(p => OldName(model, p)), now.State.Paths());
        if (model != "rnn") Assert.True(before.Params.Flatten().AsSpan().SequenceEqual(now.Params.Flatten()), "naming does not change the initialization");
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
