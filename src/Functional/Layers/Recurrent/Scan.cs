using System.Numerics;

namespace Functional;

/// <summary>
/// A cell folded over time: many-to-many. On input (batch, time, in) it returns every step's output
/// (batch, time, hidden) and the final state, <c>h_n</c> (1, batch, hidden) (and <c>c_n</c>), from an initial state that
/// defaults to zeros. <see cref="Reverse"/> runs from the last step to the first (the backward half of
/// <see cref="Bidirectional"/>); <see cref="Truncate"/> cuts the gradient through the state every k steps (truncated BPTT).
/// <para>Speed: the input projection <c>X·W_ihᵀ + b_ih</c> is one GEMM over all (batch·time) rows; only the recurrent
/// product <c>h·W_hhᵀ</c> stays inside the loop, and the pullback forms <c>dW_ih</c>, <c>dW_hh</c> and <c>dx</c> with one GEMM each.</para>
/// <para>Parameters are the cell's, named <c>weight_ih_l{Layer}</c> ... (<c>_reverse</c> appended when reversed), as PyTorch's.</para>
/// </summary>
/// <example><code>
/// var scan = Nn.Scan(new GruCell(3, 8));
/// var p = scan.Init&lt;float&gt;(Shape.Of(-1, 5, 3), new Rng(0)).Params;        // weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0
/// var r = scan.Run(p, x, Context.Eval, lengths: [5, 3]);         // r.Output.Sequence (2, 5, 8), r.Output.H (1, 2, 8)
/// var g = r.Pullback(r.Output.Gradient(sequence: dOutput, h: dH));
/// </code></example>
public sealed class Scan : SequenceLayer
{
    /// <summary>The cell.</summary>
    public Cell Cell { get; }

    /// <summary>True to run from the last step to the first.</summary>
    public bool Reverse { get; }

    /// <summary>
    /// Truncated BPTT: when k &gt; 0, the gradient flowing back through the state is cut every k steps (counted in the
    /// scan's own order from its first step), so no gradient crosses more than k steps. 0 is full BPTT; k ≥ time is full BPTT.
    /// The forward pass is unchanged.
    /// </summary>
    public int Truncate { get; }

    /// <summary>The layer index used in the parameter names.</summary>
    public int Layer { get; }

    /// <summary>Creates the scan of <paramref name="cell"/>.</summary>
    public Scan(Cell cell, bool reverse = false, int truncate = 0, int layer = 0)
    {
        if (truncate < 0) throw new ArgumentOutOfRangeException(nameof(truncate), $"Scan: truncate must be 0 (off) or positive, got {truncate}");
        (Cell, Reverse, Truncate, Layer) = (cell, reverse, truncate, layer);
    }

    /// <summary>The suffix of the parameter names, e.g. <c>_l0</c> or <c>_l1_reverse</c>.</summary>
    public string Suffix => $"_l{Layer}" + (Reverse ? "_reverse" : "");

    /// <summary>The same scan in the other time direction (same cell, layer and truncation).</summary>
    public Scan Reversed() => new(Cell, !Reverse, Truncate, Layer);

    /// <inheritdoc />
    public override int InputSize => Cell.InputSize;

    /// <inheritdoc />
    public override int HiddenSize => Cell.HiddenSize;

    /// <inheritdoc />
    public override int Directions => 1;

    /// <inheritdoc />
    public override int NumLayers => 1;

    /// <inheritdoc />
    public override bool HasCellState => Cell.HasCellState;

    /// <inheritdoc />
    public override SequenceLayer AtLayer(int index) => new Scan(Cell, Reverse, Truncate, index);

    /// <inheritdoc />
    public override string ToString()
        => $"Scan({Cell}{(Reverse ? ", reverse" : "")}{(Truncate > 0 ? $", truncate={Truncate}" : "")})";

    /// <inheritdoc />
    public override Tree<T> InitParams<T>(Rng rng) => Cell.Init<T>(rng, Suffix);

    /// <inheritdoc />
    public override Forward<T, RecurrentInput<T>, RecurrentOutput<T>> Run<T>(Tree<T> parameters, RecurrentInput<T> input, Context context, int[]? lengths = null)
        => Run(parameters, input, lengths, serial: false);

    /// <summary>
    /// <see cref="Run{T}(Tree{T}, RecurrentInput{T}, Context, int[])"/>; with <paramref name="serial"/> every GEMM of the forward
    /// pass and the pullback runs on the library's kernel on the calling thread alone, whose bits do not depend on the
    /// thread count (<see cref="Bidirectional"/> runs its two scans side by side this way).
    /// </summary>
    internal Forward<T, RecurrentInput<T>, RecurrentOutput<T>> Run<T>(Tree<T> parameters, RecurrentInput<T> input, int[]? lengths, bool serial)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = Expect<CellParams<T>>(parameters);
        var x = input.Sequence;
        CheckInput(x.Shape);
        CheckLengths(x.Shape, lengths);
        var (b, h) = (x.Shape[0], HiddenSize);
        CheckState(input.Initial, b);
        var run = ScanTrace<T>.Run(Cell, p, x, input.H, input.C, lengths?.ToArray(), Reverse, Truncate, serial);
        var output = new RecurrentOutput<T>(run.Output, run.HN.Reshape(1, b, h), run.CN?.Reshape(1, b, h));
        return new(output, Tree.Empty<T>(), (d, needInput) =>
        {
            var g = run.Backward(d.Sequence, d.H, d.C, needInput);
            var dInput = needInput ? new RecurrentInput<T>(g.Input!, g.H0.Reshape(1, b, h), g.C0?.Reshape(1, b, h)) : null;
            return new Grads<T, RecurrentInput<T>>(g.Params, dInput);
        });
    }
}
