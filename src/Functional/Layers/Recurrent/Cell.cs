using System.Numerics;

namespace Functional;

/// <summary>The state a cell carries from step to step: <c>h</c> (batch, hidden), and <c>c</c> for an LSTM (null otherwise).</summary>
/// <param name="H">The hidden state, (batch, hidden).</param>
/// <param name="C">The LSTM cell state, (batch, hidden); null for RNN and GRU cells.</param>
public sealed record CellState<T>(Tensor<T> H, Tensor<T>? C) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// The input of one cell step: <c>x_t</c> and the state the step starts from. As a gradient every part is set
/// (<c>X</c> is the gradient of <c>x_t</c>, <c>H</c> and <c>C</c> those of the previous state).
/// </summary>
/// <param name="X">The step's input, (batch, input).</param>
/// <param name="H">The previous hidden state, (batch, hidden).</param>
/// <param name="C">The previous LSTM cell state, (batch, hidden); null for RNN and GRU cells.</param>
public sealed record CellInput<T>(Tensor<T> X, Tensor<T> H, Tensor<T>? C) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The step input <paramref name="x"/> from <paramref name="state"/>.</summary>
    public CellInput(Tensor<T> x, CellState<T> state) : this(x, state.H, state.C) { }

    /// <summary>The state part, <c>(h, c)</c>.</summary>
    public CellState<T> State => new(H, C);
}

/// <summary>
/// A recurrent cell: a pure function <c>(params, (x_t, state)) → (state', pullback)</c>, the layer contract one level
/// down (the step's output <c>y_t</c> is the new <c>h</c>). Every cell has the same
/// shape: the input is projected by <c>W_ih·x + b_ih</c>, the previous hidden state by <c>W_hh·h + b_hh</c>
/// (each <see cref="Gates"/>·hidden wide, gates stacked in PyTorch's order), and a cell-specific, element-wise
/// gate function combines the two projections with the previous state. <see cref="Scan"/> relies on that shape
/// to batch the input projection over all time steps, so only the recurrent product stays in the loop.
/// </summary>
/// <example><code>
/// var cell = new LstmCell(3, 8);
/// var p = cell.Init&lt;double&gt;(new Rng(0));                                 // weight_ih (32, 3), weight_hh (32, 8), ...
/// var step = cell.Step(p, new CellInput&lt;double&gt;(x_t, cell.ZeroState&lt;double&gt;(batch: 2)));   // x_t: (2, 3)
/// var grads = step.Pullback(new CellState&lt;double&gt;(dh, Tensor.ZerosLike(dh)));      // grads.Input.X, .H, .C
/// </code></example>
/// <example>To write a cell of your own, derive from <see cref="Cell"/> and give the gate function and its pullback
/// (<see cref="CacheWidth"/>, <see cref="Gate{T}"/>, <see cref="GateBack{T}"/>); <c>examples/custom-cell.cs</c> writes a
/// minimal gated unit and checks its gradient against finite differences.<code>
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

    /// <summary>The values per row and step the gate function keeps for its pullback (written by <see cref="Gate{T}"/>, read by <see cref="GateBack{T}"/>).</summary>
    protected internal abstract int CacheWidth { get; }

    /// <summary>
    /// The gate function for <paramref name="rows"/> rows: <paramref name="gi"/> = W_ih·x + b_ih and <paramref name="gh"/> =
    /// W_hh·h + b_hh (rows × gates·hidden), the previous state <paramref name="h"/> (and <paramref name="c"/>); writes the new
    /// state and what the pullback needs into <paramref name="cache"/> (rows × <see cref="CacheWidth"/>).
    /// </summary>
    /// <remarks>
    /// The spans are row-major, <paramref name="rows"/> rows each. <paramref name="h"/> and <paramref name="c"/> are the
    /// previous state (<paramref name="c"/> and <paramref name="cOut"/> are empty unless <see cref="HasCellState"/>).
    /// Write every element of <paramref name="hOut"/>, <paramref name="cOut"/> and the cache; read nothing else.
    /// </remarks>
    protected internal abstract void Gate<T>(int rows, ReadOnlySpan<T> gi, ReadOnlySpan<T> gh, ReadOnlySpan<T> h, ReadOnlySpan<T> c,
        Span<T> hOut, Span<T> cOut, Span<T> cache) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// The pullback of <see cref="Gate{T}"/>: from the gradients of the new state (<paramref name="dhOut"/>, <paramref name="dcOut"/>)
    /// writes the gradients of both projections (<paramref name="dGi"/>, <paramref name="dGh"/>), the direct gradient of the
    /// previous <c>h</c> (<paramref name="dh"/>, not counting the path through W_hh) and of the previous <c>c</c>.
    /// </summary>
    /// <remarks>
    /// Write every element of <paramref name="dGi"/>, <paramref name="dGh"/>, <paramref name="dh"/> and <paramref name="dc"/>
    /// (the caller does not clear them). For a cell whose gate adds the two projections (RNN, LSTM) they are equal; a
    /// GRU's differ in the n gate, where <c>r</c> scales the hidden projection.
    /// </remarks>
    protected internal abstract void GateBack<T>(int rows, ReadOnlySpan<T> cache, ReadOnlySpan<T> h, ReadOnlySpan<T> c, ReadOnlySpan<T> dhOut, ReadOnlySpan<T> dcOut,
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
    /// One step: <c>(params, (x_t, h, c)) → ((h', c'), pullback)</c>, with <c>x_t</c> (batch, input). The pullback takes the
    /// gradient of the new state (zeros for a part that does not reach the objective) and returns the gradients of the
    /// parameters and, when asked for, of <c>x_t</c> and the previous state. This is the definition a <see cref="Scan"/>
    /// folds over time (it runs the same gate function).
    /// </summary>
    /// <exception cref="ShapeMismatchException">The input or state does not fit the cell.</exception>
    public Forward<T, CellInput<T>, CellState<T>> Step<T>(CellParams<T> parameters, CellInput<T> input) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = input.X;
        if (x.Rank != 2 || x.Shape[1] != InputSize)
            throw new ShapeMismatchException($"{this} expects x_t of shape (batch, {InputSize}), got {x.Shape}");
        var b = x.Shape[0];
        var want = Shape.Of(b, HiddenSize);
        if (input.H.Shape != want || (HasCellState ? input.C?.Shape != want : input.C is not null))
            throw new ShapeMismatchException($"{this} expects a state of shape {want}{(HasCellState ? " (h and c)" : " (h only)")}, got {input.H.Shape}{(input.C is null ? "" : $" and {input.C.Shape}")}");
        var run = ScanTrace<T>.Run(this, parameters, x.Reshape(b, 1, InputSize), input.H, input.C, null, false, 0);
        var next = new CellState<T>(run.HN, run.CN);
        return new(next, Tree.Empty<T>(), (d, needInput) =>
        {
            var g = run.Backward(null, d.H, d.C, needInput);
            return new Grads<T, CellInput<T>>(g.Params, needInput ? new CellInput<T>(g.Input!.Reshape(b, InputSize), g.H0, g.C0) : null);
        });
    }

    /// <summary>A short description, e.g. <c>LSTMCell(3, 8)</c>.</summary>
    public override string ToString() => $"{Name}({InputSize}, {HiddenSize}{(HasBias ? "" : ", bias=False")})";

    /// <summary>PyTorch's class name of the cell, e.g. <c>LSTMCell</c>.</summary>
    protected abstract string Name { get; }
}
