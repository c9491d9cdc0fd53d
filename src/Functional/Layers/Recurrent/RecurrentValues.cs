using System.Numerics;

namespace Functional;

/// <summary>
/// The state of a recurrent network between calls, shaped as PyTorch's: <c>H</c> (layers·directions, batch, hidden),
/// and <c>C</c> the same for an LSTM (null otherwise). Row <c>k·directions + d</c> belongs to layer k, direction d.
/// </summary>
/// <param name="H">The hidden states, PyTorch's <c>h_n</c> (or <c>h_0</c>).</param>
/// <param name="C">The LSTM cell states, PyTorch's <c>c_n</c> (or <c>c_0</c>); null for RNN and GRU.</param>
public sealed record RecurrentState<T>(Tensor<T> H, Tensor<T>? C) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// The input of a recurrent run, PyTorch's <c>(input, h_0)</c> or <c>(input, (h_0, c_0))</c>. As a gradient (from a
/// pullback asked for the input gradient) every part is set: <c>H</c> and <c>C</c> are then the gradients of the initial
/// state, zeros-shaped even when the run started from zeros.
/// </summary>
/// <param name="Sequence">The input sequence, (batch, time, features).</param>
/// <param name="H">The initial hidden state <c>h_0</c>, (layers·directions, batch, hidden); null for zeros.</param>
/// <param name="C">The initial LSTM cell state <c>c_0</c>, shaped as <paramref name="H"/>; null for zeros (and for RNN and GRU).</param>
public sealed record RecurrentInput<T>(Tensor<T> Sequence, Tensor<T>? H = null, Tensor<T>? C = null) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The input <paramref name="sequence"/> starting from <paramref name="initial"/> (zeros when null).</summary>
    public RecurrentInput(Tensor<T> sequence, RecurrentState<T>? initial) : this(sequence, initial?.H, initial?.C) { }

    /// <summary>A sequence alone starts from the zero state, so <c>lstm.Run(p, x, ctx)</c> reads as PyTorch's <c>lstm(x)</c>.</summary>
    public static implicit operator RecurrentInput<T>(Tensor<T> sequence) => new(sequence);

    /// <summary>The initial state, or null when the run starts from zeros.</summary>
    public RecurrentState<T>? Initial => H is null ? null : new(H, C);
}

/// <summary>
/// The output of a recurrent run, PyTorch's <c>(output, h_n)</c> or <c>(output, (h_n, c_n))</c>. A pullback takes its
/// gradient as the same record; a part that does not reach the objective is zeros (<see cref="Gradient"/> fills them).
/// </summary>
/// <param name="Sequence">Every step's output, (batch, time, directions·hidden); zero past a sequence's length.</param>
/// <param name="H">The final hidden states <c>h_n</c>, (layers·directions, batch, hidden).</param>
/// <param name="C">The final LSTM cell states <c>c_n</c>, shaped as <paramref name="H"/>; null for RNN and GRU.</param>
public sealed record RecurrentOutput<T>(Tensor<T> Sequence, Tensor<T> H, Tensor<T>? C) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The final state <c>(h_n, c_n)</c>, to start the next call from.</summary>
    public RecurrentState<T> Final => new(H, C);

    /// <summary>
    /// A gradient shaped like this output: the parts given, zeros for the others (a zero gradient is a tensor of zeros,
    /// as in JAX, not a null).
    /// </summary>
    /// <example><code>var g = run.Pullback(run.Output.Gradient(h: dh));   // only h_n reaches the loss</code></example>
    public RecurrentOutput<T> Gradient(Tensor<T>? sequence = null, Tensor<T>? h = null, Tensor<T>? c = null)
        => new(sequence ?? Tensor.ZerosLike(Sequence), h ?? Tensor.ZerosLike(H), C is null ? null : c ?? Tensor.ZerosLike(C));
}
