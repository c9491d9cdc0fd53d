namespace Functional.Cli.Models;

/// <summary>
/// A model the CLI can train: a name for <c>--model</c>, the input layout it wants, and how to build the network
/// from <see cref="ModelOptions"/>. Register a new one with one line in <see cref="ModelRegistry"/>.
/// </summary>
public interface IModelFactory
{
    /// <summary>The <c>--model</c> name, e.g. <c>fc</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>The batch layout the network takes.</summary>
    InputLayout Layout { get; }

    /// <summary>
    /// The network for images of <paramref name="height"/> × <paramref name="width"/> and <paramref name="classes"/> classes,
    /// ending in log-probabilities (the CLI trains with NLL loss). Throw <see cref="ArgumentException"/> for bad options.
    /// Its parameter names are the checkpoint's state-dict names: give children names (<see cref="Sequential"/>'s named
    /// children, <see cref="Layer.Named"/>) to match a PyTorch model's attributes.
    /// </summary>
    Layer Build(ModelOptions options, int height, int width, int classes);
}
