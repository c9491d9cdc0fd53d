using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// PyTorch's <c>nn.LSTMCell</c>, gates in PyTorch's order i, f, g, o: with <c>a = W_ih·x + b_ih + W_hh·h + b_hh</c>,
/// <c>i = σ(a_i)</c>, <c>f = σ(a_f)</c>, <c>g = tanh(a_g)</c>, <c>o = σ(a_o)</c>, <c>c' = f·c + i·g</c>, <c>h' = o·tanh(c')</c>.
/// The state is <c>(h, c)</c>; the step's output is <c>h'</c>. <c>weight_ih</c> is (4·hidden, in).
/// </summary>
public sealed class LstmCell : Cell
{
    /// <summary>Creates an LSTM cell from <paramref name="inputSize"/> to <paramref name="hiddenSize"/> features.</summary>
    public LstmCell(int inputSize, int hiddenSize, bool bias = true) : base(inputSize, hiddenSize, bias) { }

    /// <inheritdoc />
    public override int Gates => 4;

    /// <inheritdoc />
    public override bool HasCellState => true;

    /// <inheritdoc />
    protected override string Name => "LSTMCell";

    /// <inheritdoc />
    public override Cell WithInputSize(int inputSize) => new LstmCell(inputSize, HiddenSize, HasBias);

    // Per row: the activated gates i, f, g, o, then tanh(c').
    /// <inheritdoc />
    protected internal override int CacheWidth => 5 * HiddenSize;

    /// <inheritdoc />

    protected internal override void Gate<T>(int rows, ReadOnlySpan<T> gi, ReadOnlySpan<T> gh, ReadOnlySpan<T> h, ReadOnlySpan<T> c,
        Span<T> hOut, Span<T> cOut, Span<T> cache)
    {
        var H = HiddenSize;
        for (var r = 0; r < rows; r++)
        {
            var a = cache.Slice(r * 5 * H, 4 * H);
            TP.Add(gi.Slice(r * 4 * H, 4 * H), gh.Slice(r * 4 * H, 4 * H), a);
            TP.Sigmoid(a[..(2 * H)], a[..(2 * H)]);
            TP.Tanh(a.Slice(2 * H, H), a.Slice(2 * H, H));
            TP.Sigmoid(a.Slice(3 * H, H), a.Slice(3 * H, H));
            ReadOnlySpan<T> i = a[..H], f = a.Slice(H, H), g = a.Slice(2 * H, H), o = a.Slice(3 * H, H);
            var cNew = cOut.Slice(r * H, H);
            var tc = cache.Slice(r * 5 * H + 4 * H, H);
            TP.Multiply(f, c.Slice(r * H, H), cNew);
            TP.FusedMultiplyAdd(i, g, cNew, cNew);
            TP.Tanh(cNew, tc);
            TP.Multiply(o, tc, hOut.Slice(r * H, H));
        }
    }

    /// <inheritdoc />

    protected internal override void GateBack<T>(int rows, ReadOnlySpan<T> cache, ReadOnlySpan<T> h, ReadOnlySpan<T> c, ReadOnlySpan<T> dhOut, ReadOnlySpan<T> dcOut,
        Span<T> dGi, Span<T> dGh, Span<T> dh, Span<T> dc)
    {
        var H = HiddenSize;
        for (var r = 0; r < rows; r++)
        {
            var k = cache.Slice(r * 5 * H, 5 * H);
            var d = dGi.Slice(r * 4 * H, 4 * H);
            int o = r * H;
            for (var j = 0; j < H; j++)
            {
                T i = k[j], f = k[H + j], g = k[2 * H + j], og = k[3 * H + j], tc = k[4 * H + j];
                var dho = dhOut[o + j];
                var dct = dcOut[o + j] + dho * og * (T.One - tc * tc);
                d[j] = dct * g * i * (T.One - i);
                d[H + j] = dct * c[o + j] * f * (T.One - f);
                d[2 * H + j] = dct * i * (T.One - g * g);
                d[3 * H + j] = dho * tc * og * (T.One - og);
                dc[o + j] = dct * f;
            }
        }
        dGi[..(rows * 4 * H)].CopyTo(dGh);
        dh[..(rows * H)].Clear();
    }
}
