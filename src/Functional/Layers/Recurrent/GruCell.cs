using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// PyTorch's <c>nn.GRUCell</c>, gates in PyTorch's order r, z, n, with the reset gate multiplying the whole recurrent
/// term of n: <c>r = σ(W_ir·x + b_ir + W_hr·h + b_hr)</c>, <c>z = σ(W_iz·x + b_iz + W_hz·h + b_hz)</c>,
/// <c>n = tanh(W_in·x + b_in + r·(W_hn·h + b_hn))</c>, <c>h' = (1 - z)·n + z·h</c>. The step's output is <c>h'</c>;
/// <c>weight_ih</c> is (3·hidden, in).
/// </summary>
public sealed class GruCell : Cell
{
    /// <summary>Creates a GRU cell from <paramref name="inputSize"/> to <paramref name="hiddenSize"/> features.</summary>
    public GruCell(int inputSize, int hiddenSize, bool bias = true) : base(inputSize, hiddenSize, bias) { }

    /// <inheritdoc />
    public override int Gates => 3;

    /// <inheritdoc />
    public override bool HasCellState => false;

    /// <inheritdoc />
    protected override string Name => "GRUCell";

    /// <inheritdoc />
    public override Cell WithInputSize(int inputSize) => new GruCell(inputSize, HiddenSize, HasBias);

    // Per row: r, z, n and the recurrent term W_hn·h + b_hn.
    /// <inheritdoc />
    protected internal override int CacheWidth => 4 * HiddenSize;

    /// <inheritdoc />

    protected internal override void Gate<T>(int rows, ReadOnlySpan<T> gi, ReadOnlySpan<T> gh, ReadOnlySpan<T> h, ReadOnlySpan<T> c,
        Span<T> hOut, Span<T> cOut, Span<T> cache)
    {
        var H = HiddenSize;
        for (var r = 0; r < rows; r++)
        {
            var k = cache.Slice(r * 4 * H, 4 * H);
            ReadOnlySpan<T> xi = gi.Slice(r * 3 * H, 3 * H), hh = gh.Slice(r * 3 * H, 3 * H);
            var rz = k[..(2 * H)];
            TP.Add(xi[..(2 * H)], hh[..(2 * H)], rz);
            TP.Sigmoid(rz, rz);
            var n = k.Slice(2 * H, H);
            hh.Slice(2 * H, H).CopyTo(k.Slice(3 * H, H));
            TP.FusedMultiplyAdd(k[..H], hh.Slice(2 * H, H), xi.Slice(2 * H, H), n);
            TP.Tanh(n, n);
            // h' = n + z·(h - n)
            var hNew = hOut.Slice(r * H, H);
            TP.Subtract(h.Slice(r * H, H), n, hNew);
            TP.FusedMultiplyAdd(k.Slice(H, H), hNew, n, hNew);
        }
    }

    /// <inheritdoc />

    protected internal override void GateBack<T>(int rows, ReadOnlySpan<T> cache, ReadOnlySpan<T> h, ReadOnlySpan<T> c, ReadOnlySpan<T> dhOut, ReadOnlySpan<T> dcOut,
        Span<T> dGi, Span<T> dGh, Span<T> dh, Span<T> dc)
    {
        var H = HiddenSize;
        for (var r = 0; r < rows; r++)
        {
            var k = cache.Slice(r * 4 * H, 4 * H);
            Span<T> di = dGi.Slice(r * 3 * H, 3 * H), dhh = dGh.Slice(r * 3 * H, 3 * H);
            var o = r * H;
            for (var j = 0; j < H; j++)
            {
                T rg = k[j], z = k[H + j], n = k[2 * H + j], hn = k[3 * H + j], dy = dhOut[o + j];
                var dan = dy * (T.One - z) * (T.One - n * n);
                var daz = dy * (h[o + j] - n) * z * (T.One - z);
                var dar = dan * hn * rg * (T.One - rg);
                di[j] = dhh[j] = dar;
                di[H + j] = dhh[H + j] = daz;
                di[2 * H + j] = dan;
                dhh[2 * H + j] = dan * rg;
                dh[o + j] = dy * z;
            }
        }
    }
}
