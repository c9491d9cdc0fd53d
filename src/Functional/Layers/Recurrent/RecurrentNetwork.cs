using System.Globalization;
using System.Numerics;

namespace Functional;

/// <summary>
/// The common shape of PyTorch's <c>nn.RNN</c>, <c>nn.LSTM</c> and <c>nn.GRU</c> (with <c>batch_first=True</c>): a
/// <see cref="Stack"/> of <see cref="NumLayers"/> <see cref="Scan"/>s (or <see cref="Bidirectional"/> pairs) of one
/// cell kind, layer k &gt; 0 reading hidden·directions features, with dropout between layers. The parameter tree has
/// exactly PyTorch's state-dict names and shapes (<c>weight_ih_l0</c> (gates·hidden, in), <c>weight_hh_l0</c>,
/// <c>bias_ih_l0</c>, <c>bias_hh_l0</c>, <c>..._reverse</c>, for each layer), so PyTorch weights load one to one.
/// <para>Outputs: <see cref="Layer.Forward{T}"/> returns PyTorch's <c>output</c> (batch, time, directions·hidden) and its
/// pullback takes d(output); <see cref="SequenceLayer.Run{T}"/> returns <c>output</c>, <c>h_n</c> and <c>c_n</c>
/// (layers·directions, batch, hidden) with a pullback taking gradients for all of them, and accepts lengths and an
/// initial state.</para>
/// </summary>
public abstract class RecurrentNetwork : SequenceLayer
{
    /// <summary>The stack the network is made of.</summary>
    public Stack Inner { get; }

    /// <summary>Whether the cells have biases.</summary>
    public bool Bias { get; }

    /// <summary>The dropout between layers.</summary>
    public double Dropout => Inner.Dropout;

    /// <summary>Builds the stack of <paramref name="numLayers"/> layers of <paramref name="cell"/>(input size of the layer).</summary>
    protected RecurrentNetwork(Func<int, Cell> cell, int inputSize, int hiddenSize, int numLayers, bool bias, double dropout, bool bidirectional)
    {
        if (numLayers <= 0) throw new ArgumentException($"{GetType().Name}: num_layers must be positive, got {numLayers}");
        var directions = bidirectional ? 2 : 1;
        Bias = bias;
        Inner = new Stack(numLayers, k =>
        {
            var scan = new Scan(cell(k == 0 ? inputSize : hiddenSize * directions), layer: k);
            return bidirectional ? new Bidirectional(scan) : scan;
        }, dropout);
    }

    /// <inheritdoc />
    public override int InputSize => Inner.InputSize;

    /// <inheritdoc />
    public override int HiddenSize => Inner.HiddenSize;

    /// <inheritdoc />
    public override int Directions => Inner.Directions;

    /// <inheritdoc />
    public override int NumLayers => Inner.NumLayers;

    /// <inheritdoc />
    public override bool HasCellState => Inner.HasCellState;

    /// <summary>A network is numbered from layer 0; only index 0 is accepted.</summary>
    public override SequenceLayer AtLayer(int index)
        => index == 0 ? this : throw new ArgumentException($"{this} cannot be renumbered as layer {index} of a stack");

    /// <summary>PyTorch's class name, e.g. <c>LSTM</c>.</summary>
    protected abstract string Name { get; }

    /// <summary>Extra arguments for <see cref="ToString"/>, e.g. <c>, nonlinearity=relu</c>.</summary>
    protected virtual string Extra => "";

    /// <summary>PyTorch's repr, e.g. <c>LSTM(28, 128, num_layers=4, batch_first=True, dropout=0.3, bidirectional=True)</c>.</summary>
    public override string ToString()
        => $"{Name}({InputSize}, {HiddenSize}{(NumLayers > 1 ? $", num_layers={NumLayers}" : "")}{Extra}{(Bias ? "" : ", bias=False")}, batch_first=True"
         + $"{(Dropout > 0 ? ", dropout=" + Dropout.ToString(CultureInfo.InvariantCulture) : "")}{(Directions == 2 ? ", bidirectional=True" : "")})";

    /// <inheritdoc />
    public override Tree<T> InitParams<T>(Rng rng) => Inner.InitParams<T>(rng);

    /// <inheritdoc />
    public override Forward<T, RecurrentInput<T>, RecurrentOutput<T>> Run<T>(Tree<T> parameters, RecurrentInput<T> input, Context context, int[]? lengths = null)
    {
        try { return Inner.Run(parameters, input, context, lengths); }
        catch (ShapeMismatchException e) when (!e.Message.Contains(Name, StringComparison.Ordinal))
        { throw new ShapeMismatchException($"{this}: {e.Message}"); }
    }
}
