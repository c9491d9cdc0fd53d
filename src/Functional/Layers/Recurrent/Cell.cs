using System.Numerics;

namespace Functional;

/// <summary>The state a cell carries from step to step: <c>h</c> (batch, hidden), and <c>c</c> for an LSTM (null otherwise).</summary>
/// <param name="H">The hidden state, (batch, hidden).</param>
/// <param name="C">The LSTM cell state, (batch, hidden); null for RNN and GRU cells.</param>
public sealed record CellState<T>(Tensor<T> H, Tensor<T>? C) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>The gradients a cell step returns: parameters, the previous state and the step's input.</summary>
/// <param name="Params">Gradients of the cell's parameters.</param>
/// <param name="State">Gradients of the state the step started from.</param>
/// <param name="Input">Gradient of <c>x_t</c>; null when it was not asked for.</param>
public sealed record CellGrads<T>(CellParams<T> Params, CellState<T> State, Tensor<T>? Input) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// The pullback of one cell step: from the gradients of the new state (null parts are zero) and of the
/// step's output <c>y_t</c> (null for zero) to the gradients of the parameters, the previous state and <c>x_t</c>.
/// </summary>
public delegate CellGrads<T> CellPullback<T>(CellState<T>? stateGrad, Tensor<T>? outputGrad, bool needInputGrad = true) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>One step of a cell: the new state, the step's output <c>y_t</c> (= the new <c>h</c>) and the pullback.</summary>
/// <param name="State">The state after the step.</param>
/// <param name="Output">The output of the step, <c>y_t = h'</c>, (batch, hidden).</param>
/// <param name="Pullback">The gradient function of the step.</param>
public sealed record CellStep<T>(CellState<T> State, Tensor<T> Output, CellPullback<T> Pullback) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// A recurrent cell: a pure function <c>(params, state, x_t) → (state', y_t, pullback)</c>. Every cell has the same
/// shape: the input is projected by <c>W_ih·x + b_ih</c>, the previous hidden state by <c>W_hh·h + b_hh</c>
/// (each <see cref="Gates"/>·hidden wide, gates stacked in PyTorch's order), and a cell-specific, element-wise
/// gate function combines the two projections with the previous state. <see cref="Scan"/> relies on that shape
/// to batch the input projection over all time steps, so only the recurrent product stays in the loop.
/// </summary>
/// <example><code>
/// var cell = new LstmCell(3, 8);
/// var p = cell.Init&lt;double&gt;(new Rng(0));                       // weight_ih (32, 3), weight_hh (32, 8), ...
/// var step = cell.Step(p, cell.ZeroState&lt;double&gt;(batch: 2), x_t);  // x_t: (2, 3)
/// var grads = step.Pullback(null, dy);                             // dy: (2, 8)
/// </code></example>
public abstract class Cell
{
    /// <summary>The number of input features.</summary>
    public int InputSize { get; }

    /// <summary>The number of hidden features.</summary>
    public int HiddenSize { get; }

    /// <summary>Whether the cell has the biases <c>bias_ih</c> and <c>bias_hh</c>.</summary>
    public bool HasBias { get; }

    /// <summary>Creates the cell's description.</summary>
    protected Cell(int inputSize, int hiddenSize, bool bias)
    {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentException($"{GetType().Name}({inputSize}, {hiddenSize}): sizes must be positive");
        (InputSize, HiddenSize, HasBias) = (inputSize, hiddenSize, bias);
    }

    /// <summary>The number of gate blocks stacked in the weights: 1 (RNN), 4 (LSTM: i, f, g, o), 3 (GRU: r, z, n).</summary>
    public abstract int Gates { get; }

    /// <summary>True when the state has a cell part <c>c</c> besides <c>h</c> (LSTM).</summary>
    public abstract bool HasCellState { get; }

    /// <summary>The same kind of cell for another input size (the upper layers of a stack).</summary>
    public abstract Cell WithInputSize(int inputSize);

    /// <summary>The values per row and step the gate function keeps for its pullback.</summary>
    internal abstract int CacheWidth { get; }

    /// <summary>
    /// The gate function for <paramref name="rows"/> rows: <paramref name="gi"/> = W_ih·x + b_ih and <paramref name="gh"/> =
    /// W_hh·h + b_hh (rows × gates·hidden), the previous state <paramref name="h"/> (and <paramref name="c"/>); writes the new
    /// state and what the pullback needs into <paramref name="cache"/> (rows × <see cref="CacheWidth"/>).
    /// </summary>
    internal abstract void Gate<T>(int rows, ReadOnlySpan<T> gi, ReadOnlySpan<T> gh, ReadOnlySpan<T> h, ReadOnlySpan<T> c,
        Span<T> hOut, Span<T> cOut, Span<T> cache) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// The pullback of <see cref="Gate{T}"/>: from the gradients of the new state (<paramref name="dhOut"/>, <paramref name="dcOut"/>)
    /// writes the gradients of both projections (<paramref name="dGi"/>, <paramref name="dGh"/>), the direct gradient of the
    /// previous <c>h</c> (<paramref name="dh"/>, not counting the path through W_hh) and of the previous <c>c</c>.
    /// </summary>
    internal abstract void GateBack<T>(int rows, ReadOnlySpan<T> cache, ReadOnlySpan<T> h, ReadOnlySpan<T> c, ReadOnlySpan<T> dhOut, ReadOnlySpan<T> dcOut,
        Span<T> dGi, Span<T> dGh, Span<T> dh, Span<T> dc) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// PyTorch's initialization: every weight and bias U(±1/√hidden), leaves named with <paramref name="suffix"/>
    /// (empty for a lone cell, as <c>nn.LSTMCell</c>'s <c>weight_ih</c>).
    /// </summary>
    public CellParams<T> Init<T>(Rng rng, string suffix = "") where T : unmanaged, IFloatingPointIeee754<T>
    {
        var bound = 1.0 / Math.Sqrt(HiddenSize);
        var k = rng.Split(4);
        var gh = Gates * HiddenSize;
        return new CellParams<T>(
            Tensor.Uniform<T>(k[0], -bound, bound, gh, InputSize),
            Tensor.Uniform<T>(k[1], -bound, bound, gh, HiddenSize),
            HasBias ? Tensor.Uniform<T>(k[2], -bound, bound, gh) : null,
            HasBias ? Tensor.Uniform<T>(k[3], -bound, bound, gh) : null,
            suffix);
    }

    /// <summary>The zero state for <paramref name="batch"/> rows.</summary>
    public CellState<T> ZeroState<T>(int batch) where T : unmanaged, IFloatingPointIeee754<T>
        => new(Tensor.Zeros<T>(batch, HiddenSize), HasCellState ? Tensor.Zeros<T>(batch, HiddenSize) : null);

    /// <summary>
    /// One step: <c>(params, state, x_t) → (state', y_t, pullback)</c>, with <paramref name="x"/> (batch, input).
    /// This is the definition a <see cref="Scan"/> folds over time (it runs the same gate function).
    /// </summary>
    /// <exception cref="ShapeMismatchException">The input or state does not fit the cell.</exception>
    public CellStep<T> Step<T>(CellParams<T> parameters, CellState<T> state, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Rank != 2 || x.Shape[1] != InputSize)
            throw new ShapeMismatchException($"{this} expects x_t of shape (batch, {InputSize}), got {x.Shape}");
        var b = x.Shape[0];
        var run = ScanTrace<T>.Run(this, parameters, x.Reshape(b, 1, InputSize), state.H, state.C, null, false, 0);
        var y = run.Output.Reshape(b, HiddenSize);
        var next = new CellState<T>(run.HN, run.CN);
        return new CellStep<T>(next, y, (ds, dy, needInput) =>
        {
            var g = run.Backward(dy?.Reshape(b, 1, HiddenSize), ds?.H, ds?.C, needInput);
            return new CellGrads<T>(g.Params, new CellState<T>(g.H0, g.C0), g.Input?.Reshape(b, InputSize));
        });
    }

    /// <summary>A short description, e.g. <c>LSTMCell(3, 8)</c>.</summary>
    public override string ToString() => $"{Name}({InputSize}, {HiddenSize}{(HasBias ? "" : ", bias=False")})";

    /// <summary>PyTorch's class name of the cell, e.g. <c>LSTMCell</c>.</summary>
    protected abstract string Name { get; }
}
