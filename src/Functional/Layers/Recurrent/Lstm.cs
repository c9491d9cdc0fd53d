namespace Functional;

/// <summary>PyTorch's <c>nn.LSTM</c> (batch first, <c>proj_size=0</c>): a network of <see cref="LstmCell"/>s; see <see cref="RecurrentNetwork"/>.</summary>
/// <example><code>
/// var lstm = new Lstm(28, 128, numLayers: 4, dropout: 0.3, bidirectional: true);
/// var r = lstm.Run(p, x, Context.Train(rng));     // r.Output.Sequence (B, 28, 256), r.Output.H and r.Output.C (8, B, 128)
/// </code></example>
public sealed class Lstm : RecurrentNetwork
{
    /// <summary>Creates the network with PyTorch's arguments (<c>batch_first=True</c>).</summary>
    public Lstm(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, double dropout = 0, bool bidirectional = false)
        : base(i => new LstmCell(i, hiddenSize, bias), inputSize, hiddenSize, numLayers, bias, dropout, bidirectional) { }

    /// <inheritdoc />
    protected override string Name => "LSTM";
}
