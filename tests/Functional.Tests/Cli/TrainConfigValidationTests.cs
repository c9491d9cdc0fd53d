using Functional.Cli;
using Functional.Cli.Models;
using Functional.Cli.Training;

namespace Functional.Tests.Cli;

public sealed class TrainConfigValidationTests
{
    [Fact]
    public void A_valid_config_validates_to_itself()
    {
        var config = new TrainConfig { NEpochs = 3, Lr = 0.01, Patience = 2 };
        Assert.Equal(config, config.Validate().Match(c => c, _ => throw new Xunit.Sdk.XunitException("valid config failed")));
    }

    [Fact]
    public void Every_fault_is_reported_at_once_and_named()
    {
        var config = new TrainConfig
        {
            BatchSize = 0, NEpochs = -2, Optimizer = "lbfgs", Lr = double.NaN, TrainRatio = 1.5,
            ModelOptions = new ModelOptions(Model: "transformer", DropoutP: 1),
        };
        var errors = config.Validate().Match(_ => [], e => e.Map(x => x.Message).ToArray());
        Assert.Equal(7, errors.Length);
        Assert.Contains("batch_size must be positive, got 0", errors);
        Assert.Contains("n_epochs must be positive, got -2", errors);
        Assert.Contains("train_ratio must be in (0, 1), got 1.5", errors);
        Assert.Contains("lr must be a positive number, got NaN", errors);
        Assert.Contains(errors, e => e.StartsWith("optimizer 'lbfgs' is unknown"));
        Assert.Contains(errors, e => e.StartsWith("model_options.model 'transformer' is unknown"));
        Assert.Contains("model_options.dropout_p must be in [0, 1), got 1", errors);
    }

    [Fact]
    public void A_saved_config_out_of_range_names_the_file_and_lists_every_problem()
    {
        var json = new TrainConfig { BatchSize = -1, Patience = 0 }.ToJson();
        var e = Assert.Throws<CliException>(() => TrainConfig.FromJson(json, "run.safetensors"));
        Assert.StartsWith("run.safetensors: the saved config is not valid:", e.Message);
        Assert.Contains("batch_size must be positive, got -1", e.Message);
        Assert.Contains("patience must be positive, got 0", e.Message);
    }

    [Fact]
    public void A_saved_config_round_trips_through_json_and_validation()
    {
        var config = new TrainConfig { NEpochs = 7, MaxGradNorm = 5, Limit = 100, ModelOptions = new ModelOptions("rnn", HiddenSize: 32) };
        Assert.Equal(config, TrainConfig.FromJson(config.ToJson(), "x"));
    }
}
