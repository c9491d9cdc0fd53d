using Functional.Cli.Models;

namespace Functional.Cli.Training;

/// <summary>A checkpoint opened for the CLI: its file, the config it was trained with, the model rebuilt from it.</summary>
/// <param name="File">The checkpoint's tensors and metadata.</param>
/// <param name="Config">The saved training config.</param>
/// <param name="Factory">The model's factory.</param>
/// <param name="Model">The rebuilt network.</param>
/// <param name="Init">Fresh parameters and state of the right shapes (templates for loading).</param>
public sealed record SavedModel(SafeTensorFile File, TrainConfig Config, IModelFactory Factory, Layer Model, Initialized<float> Init)
{
    /// <summary>The config key in the checkpoint metadata.</summary>
    public const string ConfigKey = "config";

    /// <summary>Opens <paramref name="path"/> and rebuilds its model for images of <paramref name="height"/> × <paramref name="width"/>.</summary>
    /// <exception cref="CliException">The file is missing, corrupt, has no config, or names an unknown model.</exception>
    public static SavedModel Open(string path, int height = 28, int width = 28, int classes = 10)
    {
        var file = Checkpoint.Read(path).OrCliError("cannot read checkpoint ");
        if (!file.Metadata.TryGetValue(ConfigKey, out var json))
            throw new CliException($"{path}: not a checkpoint written by `functional train` (no '{ConfigKey}' metadata)");
        var config = TrainConfig.FromJson(json, path);
        var factory = ModelRegistry.Get(config.ModelOptions.Model);
        var model = Build(factory, config.ModelOptions, height, width, classes);
        var init = model.Init<float>(factory.Layout.Shape(height, width), new Rng(0));
        return new SavedModel(file, config, factory, model, init);
    }

    /// <summary>Builds a model, turning bad options into a <see cref="CliException"/>.</summary>
    public static Layer Build(IModelFactory factory, ModelOptions options, int height, int width, int classes)
    {
        try { return factory.Build(options, height, width, classes); }
        catch (ArgumentException e) { throw new CliException($"cannot build model '{factory.Name}': {e.Message}"); }
    }

    /// <summary>The best weights, by state-dict name.</summary>
    /// <exception cref="CliException">A tensor is missing or its shape does not match the architecture (both shapes named).</exception>
    public (Tree<float> Params, Tree<float> State) Weights()
        => Checkpoint.LoadWeights(File, Init.Params, Init.State).OrCliError();

    /// <summary>The run to resume.</summary>
    /// <exception cref="CliException">The training state is missing or does not match.</exception>
    public FitResult<float> Run(Trainer<float> trainer)
        => Checkpoint.LoadRun(File, trainer, Init).OrCliError("cannot resume: ");

    /// <summary>Log-probabilities of <paramref name="images"/> ((N, 1, H, W)) in eval mode.</summary>
    public Tensor<float> Predict(Tensor<float> images, Tree<float> parameters, Tree<float> state)
    {
        var x = Factory.Layout.Arrange(images);
        var parts = Tensor.Split(x, 1000, 0).Select(b => Model.Forward(parameters, state, b, Context.Eval).Output).ToArray();
        return Tensor.Cat(parts, 0);
    }
}
