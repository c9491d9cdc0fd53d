using System.Numerics;

namespace Functional;

/// <summary>
/// Two scans over the same sequence, one forward and one from the last step back, PyTorch's <c>bidirectional=True</c>.
/// Each step's output is the forward output followed by the backward output (batch, time, 2·hidden), so the backward
/// half at step t has seen steps t..T-1. <c>h_n</c> is (2, batch, hidden): the forward final state (after step T-1),
/// then the backward one (after step 0), PyTorch's order. Parameters are the forward cell's (<c>weight_ih_l0</c>, ...)
/// then the backward cell's (<c>weight_ih_l0_reverse</c>, ...). Running it on the time-reversed sequence gives the
/// time-reversed output with its halves swapped (when the two cells have swapped parameters).
/// </summary>
/// <example><code>
/// var bi = Nn.Bidirectional(Nn.Scan(new LstmCell(28, 64)));
/// var r = bi.Run(bi.InitParams&lt;float&gt;(new Rng(0)), x, Context.Eval);   // r.Output (B, T, 128), r.Final.H (2, B, 64)
/// </code></example>
public sealed class Bidirectional : SequenceLayer
{
    /// <summary>The forward scan.</summary>
    public Scan Forward { get; }

    /// <summary>The backward scan (<see cref="Scan.Reverse"/> is true).</summary>
    public Scan Backward { get; }

    /// <summary>A bidirectional layer from <paramref name="forward"/> and its reversed twin (same cell kind, own parameters).</summary>
    public Bidirectional(Scan forward) : this(forward, forward.Reversed()) { }

    /// <summary>A bidirectional layer from two scans: <paramref name="forward"/> runs forward, <paramref name="backward"/> in reverse.</summary>
    public Bidirectional(Scan forward, Scan backward)
    {
        if (forward.Reverse || !backward.Reverse)
            throw new ArgumentException("Bidirectional: the first scan must run forward and the second in reverse");
        if (forward.InputSize != backward.InputSize || forward.HiddenSize != backward.HiddenSize || forward.HasCellState != backward.HasCellState || forward.Layer != backward.Layer)
            throw new ArgumentException($"Bidirectional: {forward} and {backward} do not match");
        (Forward, Backward) = (forward, backward);
    }

    /// <inheritdoc />
    public override int InputSize => Forward.InputSize;

    /// <inheritdoc />
    public override int HiddenSize => Forward.HiddenSize;

    /// <inheritdoc />
    public override int Directions => 2;

    /// <inheritdoc />
    public override int NumLayers => 1;

    /// <inheritdoc />
    public override bool HasCellState => Forward.HasCellState;

    /// <inheritdoc />
    public override SequenceLayer AtLayer(int index) => new Bidirectional((Scan)Forward.AtLayer(index), (Scan)Backward.AtLayer(index));

    /// <inheritdoc />
    public override string ToString() => $"Bidirectional({Forward.Cell})";

    /// <inheritdoc />
    public override Tree<T> InitParams<T>(Rng rng)
    {
        var (a, b) = rng.Split();
        return new RecurrentParams<T>([Forward.InitParams<T>(a), Backward.InitParams<T>(b)]);
    }

    /// <inheritdoc />
    public override RecurrentForward<T> Run<T>(Tree<T> parameters, Tensor<T> input, Context context, int[]? lengths = null, RecurrentState<T>? initial = null)
    {
        var p = Expect<RecurrentParams<T>>(parameters);
        if (p.Parts.Length != 2) throw new ArgumentException($"{this} expects 2 parameter parts, got {p.Parts.Length}");
        CheckInput(input.Shape);
        CheckState(initial, input.Shape[0]);
        RecurrentState<T>? fi = null, bi = null;
        if (initial is not null)
        {
            var hs = Tensor.Split(initial.H, [1, 1]);
            var cs = initial.C is null ? null : Tensor.Split(initial.C, [1, 1]);
            (fi, bi) = (new(hs[0], cs?[0]), new(hs[1], cs?[1]));
        }
        var f = Forward.Run(p[0], input, context.Child(0), lengths, fi);
        var b = Backward.Run(p[1], input, context.Child(1), lengths, bi);
        var output = Tensor.Cat([f.Output, b.Output], -1);
        var final = new RecurrentState<T>(Tensor.Cat([f.Final.H, b.Final.H]),
            f.Final.C is null ? null : Tensor.Cat([f.Final.C, b.Final.C!]));
        var h = HiddenSize;
        return new(output, final, (dy, dh, dc, needInput) =>
        {
            var dys = dy is null ? null : Tensor.Split(dy, [h, h], -1);
            var dhs = dh is null ? null : Tensor.Split(dh, [1, 1]);
            var dcs = dc is null ? null : Tensor.Split(dc, [1, 1]);
            var gf = f.Pullback(dys?[0], dhs?[0], dcs?[0], needInput);
            var gb = b.Pullback(dys?[1], dhs?[1], dcs?[1], needInput);
            var dx = needInput ? gf.Input! + gb.Input! : null;
            var init = new RecurrentState<T>(Tensor.Cat([gf.Initial.H, gb.Initial.H]),
                gf.Initial.C is null ? null : Tensor.Cat([gf.Initial.C, gb.Initial.C!]));
            return new RecurrentGrads<T>(new RecurrentParams<T>([gf.Params, gb.Params]), dx, init);
        });
    }
}
