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
/// var r = bi.Run(bi.InitParams&lt;float&gt;(new Rng(0)), x, Context.Eval);   // r.Output.Sequence (B, T, 128), r.Output.H (2, B, 64)
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
    public override Forward<T, RecurrentInput<T>, RecurrentOutput<T>> Run<T>(Tree<T> parameters, RecurrentInput<T> input, Context context, int[]? lengths = null)
    {
        var p = Expect<RecurrentParams<T>>(parameters);
        if (p.Parts.Length != 2) throw new ArgumentException($"{this} expects 2 parameter parts, got {p.Parts.Length}");
        var x = input.Sequence;
        CheckInput(x.Shape);
        CheckState(input.Initial, x.Shape[0]);
        Tensor<T>[]? hs = input.H is null ? null : Tensor.Split(input.H, [1, 1]), cs = input.C is null ? null : Tensor.Split(input.C, [1, 1]);
        // The two directions are independent: they run side by side (Work.Both), each with its GEMMs on the calling
        // thread (serial), so neither waits on the other within a step and the bits do not depend on the thread count.
        var (f, b) = Work.Both(
            () => Forward.Run(p[0], new RecurrentInput<T>(x, hs?[0], cs?[0]), lengths, serial: true),
            () => Backward.Run(p[1], new RecurrentInput<T>(x, hs?[1], cs?[1]), lengths, serial: true));
        var output = new RecurrentOutput<T>(Tensor.Cat([f.Output.Sequence, b.Output.Sequence], -1), Tensor.Cat([f.Output.H, b.Output.H]),
            f.Output.C is null ? null : Tensor.Cat([f.Output.C, b.Output.C!]));
        var h = HiddenSize;
        return new(output, Tree.Empty<T>(), (d, needInput) =>
        {
            var dys = Tensor.Split(d.Sequence, [h, h], -1);
            var dhs = Tensor.Split(d.H, [1, 1]);
            var dcs = d.C is null ? null : Tensor.Split(d.C, [1, 1]);
            var (gf, gb) = Work.Both(
                () => f.Pullback(new RecurrentOutput<T>(dys[0], dhs[0], dcs?[0]), needInput),
                () => b.Pullback(new RecurrentOutput<T>(dys[1], dhs[1], dcs?[1]), needInput));
            RecurrentInput<T>? dInput = null;
            if (needInput)
            {
                var (fi, bi) = (gf.Input!, gb.Input!);
                dInput = new RecurrentInput<T>(fi.Sequence + bi.Sequence, Tensor.Cat([fi.H!, bi.H!]), fi.C is null ? null : Tensor.Cat([fi.C, bi.C!]));
            }
            return new Grads<T, RecurrentInput<T>>(new RecurrentParams<T>([gf.Params, gb.Params]), dInput);
        });
    }
}
