using static Functional.Nn;

namespace Functional.Cli.Models;

/// <summary>
/// The book's <c>SequenceClassifier</c> (chapter 19): each image is <c>H</c> steps of <c>W</c> pixels, read by a
/// bidirectional LSTM with <c>--n-layers</c> layers of <c>--hidden-size</c> units and dropout <c>--dropout-p</c> between
/// layers; the many-to-one output <c>output[:, -1]</c> then goes through
/// <c>ReLU → BatchNorm1d(2·hidden) → Linear(2·hidden, classes) → LogSoftmax</c>.
/// The book runs it with <c>--n-layers 4</c>. State-dict names are the book's, declared by the structure
/// <c>Sequential(("rnn", ...), ("layers", ...))</c>: <c>rnn.weight_ih_l0</c>, …, <c>layers.{k}.*</c>.
/// </summary>
public sealed class RnnModel : IModelFactory
{
    /// <inheritdoc />
    public string Name => "rnn";

    /// <inheritdoc />
    public string Description => "recurrent: bidirectional LSTM over image rows, output[:, -1], BatchNorm1d head (book ch. 19)";

    /// <inheritdoc />
    public InputLayout Layout => InputLayout.Sequence;

    /// <inheritdoc />
    public Layer Build(ModelOptions options, int height, int width, int classes)
    {
        if (options.NLayers < 1) throw new ArgumentException($"rnn needs at least one layer, got --n-layers {options.NLayers}");
        if (options.HiddenSize < 1) throw new ArgumentException($"rnn needs a positive --hidden-size, got {options.HiddenSize}");
        var h = options.HiddenSize;
        var rnn = Lstm(width, h, options.NLayers, dropout: options.DropoutP, bidirectional: true);
        return Sequential(("rnn", rnn.Last()), ("layers", Sequential(ReLU(), BatchNorm1d(2 * h), Linear(2 * h, classes), LogSoftmax(-1))));
    }
}
