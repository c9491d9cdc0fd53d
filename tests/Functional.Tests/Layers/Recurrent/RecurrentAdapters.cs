using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Functional.Tests.Layers.Recurrent;

/// <summary>Generators and test-only adapters that expose every output of a recurrent call as one layer output.</summary>
internal static class Rec
{
    /// <summary>(batch 1-3, time 1-5, features 1-4).</summary>
    public static Gen<Shape> Sequences() =>
        from b in Gen.Choose(1, 3)
        from t in Gen.Choose(1, 5)
        from f in Gen.Choose(1, 4)
        select Shape.Of(b, t, f);

    /// <summary>A random cell kind (tanh RNN, LSTM, GRU) with 1-4 hidden features, with or without bias.</summary>
    public static Gen<Cell> Cells(int input) =>
        from kind in Gen.Choose(0, 2)
        from h in Gen.Choose(1, 4)
        from bias in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        select kind switch
        {
            0 => (Cell)new RnnCell(input, h, RnnNonlinearity.Tanh, bias),
            1 => new LstmCell(input, h, bias),
            _ => new GruCell(input, h, bias),
        };

    /// <summary>Lengths in 1..time for each sequence.</summary>
    public static Gen<int[]> Lengths(Shape s) => Gen.ArrayOf(Gen.Choose(1, s[1]), s[0]);

    public static T[] Flat<T>(params Tensor<T>?[] parts) where T : unmanaged, IFloatingPointIeee754<T>
        => parts.Where(p => p is not null).SelectMany(p => p!.ToArray()).ToArray();

    public static Tensor<T> Slice<T>(Tensor<T> flat, int offset, Shape shape) where T : unmanaged, IFloatingPointIeee754<T>
        => Tensor.FromArray(flat.Span.Slice(offset, shape.Size).ToArray()).Reshape(shape);
}

/// <summary>
/// A recurrent layer seen through <see cref="SequenceLayer.Run{T}"/>: the output is the flat vector
/// [output, h_n, c_n], so a gradient check exercises the pullback of all three (with lengths and an initial state).
/// </summary>
internal sealed class AllOutputs(SequenceLayer inner, int[]? lengths = null, Tensor<double>? h0 = null, Tensor<double>? c0 = null) : Layer
{
    public override string ToString() => $"AllOutputs({inner}, lengths [{string.Join(",", lengths ?? [])}])";

    public override Initialized<T> Init<T>(Shape input, Rng rng)
    {
        var i = inner.Init<T>(input, rng);
        var n = i.Output.Size + inner.NumLayers * inner.Directions * input[0] * inner.HiddenSize * (inner.HasCellState ? 2 : 1);
        return new(i.Params, i.State, Shape.Of(n));
    }

    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var r = inner.Run(parameters, new RecurrentInput<T>(input, h0?.Cast<T>(), c0?.Cast<T>()), context, lengths);
        var o = r.Output;
        var y = Rec.Flat(o.Sequence, o.H, o.C);
        return new(Tensor.FromArray(y), state, (dy, needInput) =>
        {
            var dOut = Rec.Slice(dy, 0, o.Sequence.Shape);
            var dH = Rec.Slice(dy, o.Sequence.Size, o.H.Shape);
            var dC = o.C is null ? null : Rec.Slice(dy, o.Sequence.Size + o.H.Size, o.C.Shape);
            var g = r.Pullback(new RecurrentOutput<T>(dOut, dH, dC), needInput);
            return new Grads<T>(g.Params, g.Input?.Sequence);
        });
    }
}

/// <summary>The initial state as the input: input [h0, c0] flat, output [output, h_n, c_n] flat, on a fixed sequence.</summary>
internal sealed class FromInitial(SequenceLayer inner, Tensor<double> x, int[]? lengths = null) : Layer
{
    private int Rows => inner.NumLayers * inner.Directions;
    public override string ToString() => $"FromInitial({inner})";

    public override Initialized<T> Init<T>(Shape input, Rng rng)
    {
        var i = inner.Init<T>(x.Shape, rng);
        return new(i.Params, i.State, Shape.Of(i.Output.Size + input.Size));
    }

    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var s = Shape.Of(Rows, x.Shape[0], inner.HiddenSize);
        var initial = new RecurrentInput<T>(x.Cast<T>(), Rec.Slice(input, 0, s), inner.HasCellState ? Rec.Slice(input, s.Size, s) : null);
        var r = inner.Run(parameters, initial, context, lengths);
        var o = r.Output;
        return new(Tensor.FromArray(Rec.Flat(o.Sequence, o.H, o.C)), state, (dy, needInput) =>
        {
            var dC = o.C is null ? null : Rec.Slice(dy, o.Sequence.Size + s.Size, s);
            var g = r.Pullback(new RecurrentOutput<T>(Rec.Slice(dy, 0, o.Sequence.Shape), Rec.Slice(dy, o.Sequence.Size, s), dC), true);
            return new Grads<T>(g.Params, Tensor.FromArray(Rec.Flat(g.Input!.H, g.Input.C)));
        });
    }
}

/// <summary>One cell step as a layer: input [x_t | h | c] (batch, in + hidden (+ hidden)), output [h' | c'].</summary>
internal sealed class StepLayer(Cell cell) : Layer
{
    private int Parts => cell.HasCellState ? 2 : 1;
    public override string ToString() => $"Step({cell})";

    public override Initialized<T> Init<T>(Shape input, Rng rng)
        => new(cell.Init<T>(rng), Tree.Empty<T>(), Shape.Of(input[0], Parts * cell.HiddenSize));

    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        int h = cell.HiddenSize, i = cell.InputSize;
        var parts = Tensor.Split(input, Parts == 2 ? [i, h, h] : [i, h], -1);
        var step = cell.Step((CellParams<T>)parameters, new CellInput<T>(parts[0], parts[1], Parts == 2 ? parts[2] : null));
        var y = Parts == 2 ? Tensor.Cat([step.Output.H, step.Output.C!], -1) : step.Output.H;
        return new(y, state, (dy, needInput) =>
        {
            var ds = Tensor.Split(dy, Parts == 2 ? [h, h] : [h], -1);
            var g = step.Pullback(new CellState<T>(ds[0], Parts == 2 ? ds[1] : null), needInput);
            var dx = g.Input is not { } d ? null : Parts == 2 ? Tensor.Cat([d.X, d.H, d.C!], -1) : Tensor.Cat([d.X, d.H], -1);
            return new Grads<T>(g.Params, dx);
        });
    }
}
