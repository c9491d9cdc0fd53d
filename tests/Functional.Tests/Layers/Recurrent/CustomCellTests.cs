using FsCheck;
using FsCheck.Xunit;
using Functional.Testing;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional.Tests.Layers.Recurrent;

/// <summary>A cell written outside the library through Cell's hooks, as examples/custom-cell.cs does (there, with no friend access, they are plain protected overrides).</summary>
public class CustomCellTests
{
    [Property(MaxTest = 50)]
    public Property ScanOfAUserCellMatchesFiniteDifferences()
        => GradientProperty.ForLayer(s => Nn.Scan(new UpdateGateCell(s[2], 3)), Gens.ShapeOfRank(3, maxDim: 5));

    [Property(MaxTest = 25)]
    public Property BidirectionalStackOfAUserCellMatchesFiniteDifferences()
        => GradientProperty.ForLayer(s => new Stack(2, k => new Bidirectional(new Scan(new UpdateGateCell(k == 0 ? s[2] : 4, 2)))).Last(),
            Gens.ShapeOfRank(3, maxDim: 4));

    [Fact]
    public void StepFollowsTheGateFormula()
    {
        var cell = new UpdateGateCell(1, 1, bias: false);
        var p = new CellParams<double>(Tensor.FromArray([1.0, 2.0], 2, 1), Tensor.FromArray([0.5, -1.0], 2, 1), null, null);
        var step = cell.Step(p, new CellInput<double>(Tensor.Full(0.3, 1, 1), Tensor.Full(0.7, 1, 1), null));
        static double S(double v) => 1 / (1 + Math.Exp(-v));
        var z = S(0.3 + 0.5 * 0.7);
        var n = Math.Tanh(0.6 - 0.7);
        Assert.Equal(z * 0.7 + (1 - z) * n, step.Output.H.Item(), 12);
        Assert.Equal(["weight_ih", "weight_hh"], p.Paths());
    }
}

/// <summary>
/// The GRU without a reset gate: two gate blocks stacked as (z, n), so <c>weight_ih</c> is (2·hidden, in). The state is
/// <c>h</c> alone. Its pullback keeps z and n per row and step.
/// </summary>
internal sealed class UpdateGateCell(int inputSize, int hiddenSize, bool bias = true) : Cell(inputSize, hiddenSize, bias)
{
    public override int Gates => 2;
    public override bool HasCellState => false;
    protected override string Name => "UpdateGateCell";
    public override Cell WithInputSize(int inputSize) => new UpdateGateCell(inputSize, HiddenSize, HasBias);

    // Per row: z, then n.
    protected internal override int CacheWidth => 2 * HiddenSize;

    // gi = W_ih·x + b_ih and gh = W_hh·h + b_hh, each rows × (2·hidden), gates in the order z, n.
    protected internal override void Gate<T>(int rows, ReadOnlySpan<T> gi, ReadOnlySpan<T> gh, ReadOnlySpan<T> h, ReadOnlySpan<T> c,
        Span<T> hOut, Span<T> cOut, Span<T> cache)
    {
        var H = HiddenSize;
        for (var r = 0; r < rows; r++)
        {
            var a = cache.Slice(r * 2 * H, 2 * H);
            TP.Add(gi.Slice(r * 2 * H, 2 * H), gh.Slice(r * 2 * H, 2 * H), a);
            TP.Sigmoid(a[..H], a[..H]);                                  // z
            TP.Tanh(a[H..], a[H..]);                                     // n
            for (var j = 0; j < H; j++)
            {
                T z = a[j], n = a[H + j];
                hOut[r * H + j] = z * h[r * H + j] + (T.One - z) * n;
            }
        }
    }

    // From dh' to the gradients of both projections (equal here: the gate adds them) and of h through z·h.
    protected internal override void GateBack<T>(int rows, ReadOnlySpan<T> cache, ReadOnlySpan<T> h, ReadOnlySpan<T> c, ReadOnlySpan<T> dhOut,
        ReadOnlySpan<T> dcOut, Span<T> dGi, Span<T> dGh, Span<T> dh, Span<T> dc)
    {
        var H = HiddenSize;
        for (var r = 0; r < rows; r++)
            for (var j = 0; j < H; j++)
            {
                int i = r * H + j, g = r * 2 * H + j;
                T z = cache[g], n = cache[g + H], d = dhOut[i];
                var dz = d * (h[i] - n) * z * (T.One - z);
                var dn = d * (T.One - z) * (T.One - n * n);
                dGi[g] = dGh[g] = dz;
                dGi[g + H] = dGh[g + H] = dn;
                dh[i] = d * z;
            }
    }
}
