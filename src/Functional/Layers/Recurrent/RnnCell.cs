using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>The non-linearity of an Elman RNN cell.</summary>
public enum RnnNonlinearity
{
    /// <summary>The hyperbolic tangent (PyTorch's default).</summary>
    Tanh,
    /// <summary>max(x, 0).</summary>
    ReLU,
}

/// <summary>
/// PyTorch's <c>nn.RNNCell</c>: <c>h' = act(W_ih·x + b_ih + W_hh·h + b_hh)</c> with act tanh or ReLU; the step's
/// output is <c>h'</c>. One gate block, so <c>weight_ih</c> is (hidden, in). The ReLU's derivative at 0 is 0, as PyTorch's.
/// </summary>
public sealed class RnnCell : Cell
{
    /// <summary>The non-linearity.</summary>
    public RnnNonlinearity Nonlinearity { get; }

    /// <summary>Creates an RNN cell from <paramref name="inputSize"/> to <paramref name="hiddenSize"/> features.</summary>
    public RnnCell(int inputSize, int hiddenSize, RnnNonlinearity nonlinearity = RnnNonlinearity.Tanh, bool bias = true)
        : base(inputSize, hiddenSize, bias) => Nonlinearity = nonlinearity;

    /// <inheritdoc />
    public override int Gates => 1;

    /// <inheritdoc />
    public override bool HasCellState => false;

    /// <inheritdoc />
    protected override string Name => "RNNCell";

    /// <inheritdoc />
    public override string ToString() => Nonlinearity == RnnNonlinearity.Tanh ? base.ToString() : base.ToString()[..^1] + ", nonlinearity=relu)";

    /// <inheritdoc />
    public override Cell WithInputSize(int inputSize) => new RnnCell(inputSize, HiddenSize, Nonlinearity, HasBias);

    /// <inheritdoc />

    protected internal override int CacheWidth => HiddenSize;

    /// <inheritdoc />

    protected internal override void Gate<T>(int rows, ReadOnlySpan<T> gi, ReadOnlySpan<T> gh, ReadOnlySpan<T> h, ReadOnlySpan<T> c,
        Span<T> hOut, Span<T> cOut, Span<T> cache)
    {
        TP.Add(gi, gh, hOut);
        if (Nonlinearity == RnnNonlinearity.Tanh) TP.Tanh(hOut, hOut);
        else TP.Max(hOut, T.Zero, hOut);
        hOut.CopyTo(cache);
    }

    /// <inheritdoc />

    protected internal override void GateBack<T>(int rows, ReadOnlySpan<T> cache, ReadOnlySpan<T> h, ReadOnlySpan<T> c, ReadOnlySpan<T> dhOut, ReadOnlySpan<T> dcOut,
        Span<T> dGi, Span<T> dGh, Span<T> dh, Span<T> dc)
    {
        var n = rows * HiddenSize;
        if (Nonlinearity == RnnNonlinearity.Tanh)
            for (var i = 0; i < n; i++) dGi[i] = dhOut[i] * (T.One - cache[i] * cache[i]);
        else
            for (var i = 0; i < n; i++) dGi[i] = cache[i] > T.Zero ? dhOut[i] : T.Zero;
        dGi[..n].CopyTo(dGh);
        dh[..n].Clear();
    }
}
