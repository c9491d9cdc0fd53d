using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// A recurrent layer over batch-first sequences (batch, time, features): <see cref="Scan"/>, <see cref="Bidirectional"/>,
/// <see cref="Stack"/> and the PyTorch-style <see cref="Rnn"/>, <see cref="Lstm"/>, <see cref="Gru"/>.
/// <para><b>Outputs.</b> A <see cref="Layer"/> returns one tensor, so <see cref="Layer.Forward{T}"/> returns PyTorch's
/// <c>output</c> only and its pullback takes d(output). <see cref="Run{T}"/> returns everything PyTorch does —
/// <c>output</c>, <c>h_n</c>, <c>c_n</c> — with a pullback taking a gradient for each, and accepts per-sequence lengths
/// and an initial state. <see cref="IMultiOutputLayer.ForwardAll{T}"/> offers the same outputs by name.</para>
/// <para><b>Lengths.</b> With <c>lengths</c>, steps at or past a sequence's length leave its state unchanged and output
/// zeros, as PyTorch's packed sequences with <c>pad_packed_sequence</c>; <c>h_n</c> is each sequence's state after its
/// own last step, and the backward direction starts at that last step.</para>
/// </summary>
public abstract class SequenceLayer : Layer, IMultiOutputLayer
{
    /// <summary>The number of input features.</summary>
    public abstract int InputSize { get; }

    /// <summary>The hidden size of each direction.</summary>
    public abstract int HiddenSize { get; }

    /// <summary>1, or 2 for a bidirectional layer.</summary>
    public abstract int Directions { get; }

    /// <summary>The number of stacked layers.</summary>
    public abstract int NumLayers { get; }

    /// <summary>True when the state has a cell part (LSTM).</summary>
    public abstract bool HasCellState { get; }

    /// <summary>The number of output features per step, directions·hidden.</summary>
    public int OutputSize => Directions * HiddenSize;

    /// <summary>The same layer as layer <paramref name="index"/> of a stack (its parameter names end in <c>_l{index}</c>).</summary>
    public abstract SequenceLayer AtLayer(int index);

    /// <summary>Fresh parameters (PyTorch's initialization), named as PyTorch's state dict.</summary>
    public abstract Tree<T> InitParams<T>(Rng rng) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Runs the layer on <paramref name="input"/> (batch, time, <see cref="InputSize"/>), from <paramref name="initial"/>
    /// (zeros when null), with optional per-sequence <paramref name="lengths"/> (each in 1..time).
    /// </summary>
    public abstract RecurrentForward<T> Run<T>(Tree<T> parameters, Tensor<T> input, Context context, int[]? lengths = null, RecurrentState<T>? initial = null)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Many-to-one: the output at the last step, <c>output[:, -1]</c>; see <see cref="Functional.Last"/> for the bidirectional caveat.</summary>
    public Last Last() => new(this);

    /// <summary>Many-to-one from the final hidden state of the last layer, directions concatenated; see <see cref="Functional.LastHidden"/>.</summary>
    public LastHidden LastHidden() => new(this);

    /// <summary>Checks a (batch, time, features) input shape; batch and time may be -1.</summary>
    protected void CheckInput(Shape input)
    {
        if (input.Rank != 3 || input[2] != InputSize)
            throw new ShapeMismatchException($"{this} expects input (batch, time, {InputSize}), got {input}");
    }

    /// <summary>Checks lengths against the input: one per sequence, each in 1..time.</summary>
    protected void CheckLengths(Shape input, int[]? lengths)
    {
        if (lengths is null) return;
        if (lengths.Length != input[0])
            throw new ArgumentException($"{this}: {lengths.Length} lengths for a batch of {input[0]}");
        foreach (var l in lengths)
            if (l < 1 || l > input[1]) throw new ArgumentException($"{this}: length {l} is outside 1..{input[1]} (input {input})");
    }

    /// <summary>Checks an initial state against the layer and batch.</summary>
    protected void CheckState<T>(RecurrentState<T>? s, int batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (s is null) return;
        var want = Shape.Of(NumLayers * Directions, batch, HiddenSize);
        if (s.H.Shape != want || (HasCellState && s.C is not null && s.C.Shape != want) || (!HasCellState && s.C is not null))
            throw new ShapeMismatchException($"{this}: the initial state has shape {s.H.Shape}{(s.C is null ? "" : $" and {s.C.Shape}")}, expected {want}");
    }

    /// <summary>Checks the input and returns fresh parameters, no state, and the output shape (batch, time, directions·hidden).</summary>
    public override Initialized<T> Init<T>(Shape input, Rng rng)
    {
        CheckInput(input);
        return new(InitParams<T>(rng), Tree.Empty<T>(), Shape.Of(input[0], input[1], OutputSize));
    }

    /// <summary>PyTorch's <c>output</c> only; the pullback takes d(output). Use <see cref="Run{T}"/> for <c>h_n</c>, <c>c_n</c> and lengths.</summary>
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var r = Run(parameters, input, context);
        return new(r.Output, state, (dy, needInput) =>
        {
            var g = r.Pullback(dy, null, null, needInput);
            return new Grads<T>(g.Params, g.Input);
        });
    }

    /// <summary>The outputs <c>output</c>, <c>h_n</c> and, for an LSTM, <c>c_n</c>.</summary>
    public ImmutableArray<string> OutputNames => HasCellState ? ["output", "h_n", "c_n"] : ["output", "h_n"];

    /// <summary>Runs the layer (no lengths, zero initial state) and names its outputs as <see cref="OutputNames"/>.</summary>
    public MultiForward<T> ForwardAll<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = Run(parameters, input, context);
        var outputs = ImmutableDictionary<string, Tensor<T>>.Empty.Add("output", r.Output).Add("h_n", r.Final.H);
        if (r.Final.C is not null) outputs = outputs.Add("c_n", r.Final.C);
        return new(outputs, state, (grads, needInput) =>
        {
            var g = r.Pullback(grads.GetValueOrDefault("output"), grads.GetValueOrDefault("h_n"), grads.GetValueOrDefault("c_n"), needInput);
            return new Grads<T>(g.Params, g.Input);
        });
    }
}
