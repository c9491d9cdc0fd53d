namespace Functional;

/// <summary>PyTorch's <c>nn.GRU</c> (batch first): a network of <see cref="GruCell"/>s; see <see cref="RecurrentNetwork"/>.</summary>
public sealed class Gru : RecurrentNetwork
{
    /// <summary>Creates the network with PyTorch's arguments (<c>batch_first=True</c>).</summary>
    public Gru(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, double dropout = 0, bool bidirectional = false)
        : base(i => new GruCell(i, hiddenSize, bias), inputSize, hiddenSize, numLayers, bias, dropout, bidirectional) { }

    /// <inheritdoc />
    protected override string Name => "GRU";
}
