namespace Functional;

/// <summary>PyTorch's <c>nn.RNN</c> (batch first): an Elman network of <see cref="RnnCell"/>s; see <see cref="RecurrentNetwork"/>.</summary>
/// <example><code>
/// var rnn = new Rnn(3, 4, numLayers: 2, bidirectional: true);
/// var r = rnn.Run(rnn.Init&lt;double&gt;(Shape.Of(-1, 5, 3), new Rng(0)).Params, x, Context.Eval);   // output (B, 5, 8), h_n (4, B, 4)
/// </code></example>
public sealed class Rnn : RecurrentNetwork
{
    /// <summary>The non-linearity of every cell.</summary>
    public RnnNonlinearity Nonlinearity { get; }

    /// <summary>Creates the network with PyTorch's arguments (<c>batch_first=True</c>).</summary>
    public Rnn(int inputSize, int hiddenSize, int numLayers = 1, RnnNonlinearity nonlinearity = RnnNonlinearity.Tanh, bool bias = true, double dropout = 0, bool bidirectional = false)
        : base(i => new RnnCell(i, hiddenSize, nonlinearity, bias), inputSize, hiddenSize, numLayers, bias, dropout, bidirectional) => Nonlinearity = nonlinearity;

    /// <inheritdoc />
    protected override string Name => "RNN";

    /// <inheritdoc />
    protected override string Extra => Nonlinearity == RnnNonlinearity.ReLU ? ", nonlinearity='relu'" : "";
}
