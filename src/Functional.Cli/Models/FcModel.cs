using static Functional.Nn;

namespace Functional.Cli.Models;

/// <summary>
/// The book's fully connected <c>ImageClassifier</c>: blocks of <c>Linear → LeakyReLU → BatchNorm1d</c> (or <c>Dropout(p)</c>
/// with <c>--use-dropout</c>) whose sizes come from <see cref="HiddenSizes"/>, then <c>Linear(last, classes) → LogSoftmax(dim=-1)</c>.
/// Its state-dict names are the book's, declared by the structure: the network is named <c>layers</c> and each block
/// <c>block</c>, giving <c>layers.{i}.block.{j}.*</c> for the blocks and <c>layers.{n}.*</c> for the output layer.
/// </summary>
public sealed class FcModel : IModelFactory
{
    /// <inheritdoc />
    public string Name => "fc";

    /// <inheritdoc />
    public string Description => "fully connected: Linear/LeakyReLU/BatchNorm1d blocks, sizes shrinking linearly (book's ImageClassifier)";

    /// <inheritdoc />
    public InputLayout Layout => InputLayout.Flat;

    /// <summary>
    /// The book's <c>get_hidden_sizes</c>: <c>step = (input - output) / n_layers</c> (integer division), then
    /// <c>n_layers - 1</c> sizes, each <c>step</c> smaller than the one before: 784 → 10 with 5 layers gives 630, 476, 322, 168.
    /// </summary>
    public static int[] HiddenSizes(int input, int output, int layers)
    {
        var step = (input - output) / layers;
        return [.. Enumerable.Range(1, layers - 1).Select(i => input - step * i)];
    }

    /// <inheritdoc />
    public Layer Build(ModelOptions options, int height, int width, int classes)
    {
        if (options.NLayers < 1) throw new ArgumentException($"fc needs at least one layer, got --n-layers {options.NLayers}");
        var input = height * width;
        var sizes = HiddenSizes(input, classes, options.NLayers);
        if (sizes.Any(s => s <= 0)) throw new ArgumentException($"fc: --n-layers {options.NLayers} is too many for {input} inputs and {classes} classes");
        var layers = new List<Layer>();
        var last = input;
        foreach (var size in sizes)
        {
            Layer regularizer = options.UseDropout ? Dropout(options.DropoutP) : BatchNorm1d(size);
            layers.Add(Sequential(Linear(last, size), LeakyReLU(), regularizer).Named("block"));
            last = size;
        }
        layers.Add(Linear(last, classes));
        layers.Add(LogSoftmax(-1));
        return Sequential([.. layers]).Named("layers");
    }
}
