using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;

namespace Functional;

/// <summary>
/// Recurrent layers stacked: layer k reads layer k-1's output sequence. PyTorch's <c>num_layers</c> with its
/// <c>dropout</c> argument: in train mode, dropout (from the context's key) is applied to the output of every layer
/// except the last, never to the input or the final output; in eval mode it is the identity. <c>h_n</c> (and <c>c_n</c>)
/// are the layers' final states concatenated, (layers·directions, batch, hidden), PyTorch's order. Layer k's parameters
/// are named with <c>_l{k}</c>.
/// </summary>
/// <example><code>
/// var net = Nn.Stack(4, k => Nn.Bidirectional(Nn.Scan(new LstmCell(k == 0 ? 28 : 256, 128))), dropout: 0.3);
/// </code></example>
public sealed class Stack : SequenceLayer
{
    /// <summary>The layers, renamed as layer 0, 1, ...</summary>
    public ImmutableArray<SequenceLayer> Layers { get; }

    /// <summary>The dropout probability between layers.</summary>
    public double Dropout { get; }

    /// <summary>Stacks <paramref name="layers"/> (each renamed <c>_l{k}</c>) with dropout <paramref name="dropout"/> between them.</summary>
    /// <exception cref="ArgumentException">No layers, sizes that do not chain, mixed state kinds, or a probability outside [0, 1].</exception>
    public Stack(IReadOnlyList<SequenceLayer> layers, double dropout = 0)
    {
        if (layers.Count == 0) throw new ArgumentException("Stack needs at least one layer");
        if (!(dropout >= 0 && dropout <= 1)) throw new ArgumentOutOfRangeException(nameof(dropout), $"Stack: dropout must be in [0, 1], got {dropout}");
        for (var k = 1; k < layers.Count; k++)
        {
            if (layers[k].InputSize != layers[k - 1].OutputSize)
                throw new ArgumentException($"Stack: layer {k} ({layers[k]}) takes {layers[k].InputSize} features, but layer {k - 1} gives {layers[k - 1].OutputSize}");
            if (layers[k].HasCellState != layers[0].HasCellState || layers[k].Directions != layers[0].Directions || layers[k].HiddenSize != layers[0].HiddenSize)
                throw new ArgumentException($"Stack: layer {k} ({layers[k]}) differs from layer 0 ({layers[0]}) in state, directions or hidden size");
        }
        Layers = [.. layers.Select((l, k) => l.AtLayer(k))];
        Dropout = dropout;
    }

    /// <summary>Stacks <paramref name="n"/> layers made by <paramref name="layer"/>(k).</summary>
    public Stack(int n, Func<int, SequenceLayer> layer, double dropout = 0) : this(Enumerable.Range(0, n).Select(layer).ToArray(), dropout) { }

    /// <inheritdoc />
    public override int InputSize => Layers[0].InputSize;

    /// <inheritdoc />
    public override int HiddenSize => Layers[0].HiddenSize;

    /// <inheritdoc />
    public override int Directions => Layers[0].Directions;

    /// <inheritdoc />
    public override int NumLayers => Layers.Sum(l => l.NumLayers);

    /// <inheritdoc />
    public override bool HasCellState => Layers[0].HasCellState;

    /// <summary>A stack is already numbered from 0; only index 0 is accepted.</summary>
    public override SequenceLayer AtLayer(int index)
        => index == 0 ? this : throw new ArgumentException("Stack: a stack cannot be renumbered as a layer of another stack");

    /// <inheritdoc />
    public override string ToString()
        => $"Stack({string.Join(", ", Layers)}{(Dropout > 0 ? ", dropout=" + Dropout.ToString(CultureInfo.InvariantCulture) : "")})";

    /// <inheritdoc />
    public override Tree<T> InitParams<T>(Rng rng) => new RecurrentParams<T>(Layers.Select((l, k) => l.InitParams<T>(rng.Fold((ulong)k))).ToArray());

    /// <inheritdoc />
    public override Forward<T, RecurrentInput<T>, RecurrentOutput<T>> Run<T>(Tree<T> parameters, RecurrentInput<T> input, Context context, int[]? lengths = null)
    {
        var p = Expect<RecurrentParams<T>>(parameters);
        if (p.Parts.Length != Layers.Length) throw new ArgumentException($"{this} expects {Layers.Length} parameter parts, got {p.Parts.Length}");
        CheckInput(input.Sequence.Shape);
        CheckState(input.Initial, input.Sequence.Shape[0]);
        var rows = Layers.Select(l => l.NumLayers * l.Directions).ToArray();
        var h0 = input.H is null ? null : Tensor.Split(input.H, rows);
        var c0 = input.C is null ? null : Tensor.Split(input.C, rows);
        var runs = new Forward<T, RecurrentInput<T>, RecurrentOutput<T>>[Layers.Length];
        var masks = new T[]?[Layers.Length];
        var x = input.Sequence;
        for (var k = 0; k < Layers.Length; k++)
        {
            runs[k] = Layers[k].Run(p[k], new RecurrentInput<T>(x, h0?[k], c0?[k]), context.Child(k), lengths);
            x = runs[k].Output.Sequence;
            if (k < Layers.Length - 1 && context.IsTraining && Dropout > 0)
            {
                masks[k] = Functional.Dropout.Mask<T>(context.Child(Layers.Length + k).Rng, Dropout, x.Size);
                x = x * new Tensor<T>(x.Shape, masks[k]!);
            }
        }
        var output = new RecurrentOutput<T>(x, Tensor.Cat(runs.Select(r => r.Output.H).ToArray()),
            HasCellState ? Tensor.Cat(runs.Select(r => r.Output.C!).ToArray()) : null);
        return new(output, Tree.Empty<T>(), (d, needInput) =>
        {
            var dhs = Tensor.Split(d.H, rows);
            var dcs = d.C is null ? null : Tensor.Split(d.C, rows);
            var grads = new Tree<T>[Layers.Length];
            var hInit = new Tensor<T>[Layers.Length];
            var cInit = new Tensor<T>[Layers.Length];
            var g = d.Sequence;
            for (var k = Layers.Length - 1; k >= 0; k--)
            {
                if (masks[k] is not null) g = g * new Tensor<T>(g.Shape, masks[k]!);
                var r = runs[k].Pullback(new RecurrentOutput<T>(g, dhs[k], dcs?[k]), needInput || k > 0);
                grads[k] = r.Params;
                if (r.Input is null) break;                      // layer 0 without an input gradient: nothing further down
                (hInit[k], cInit[k], g) = (r.Input.H!, r.Input.C!, r.Input.Sequence);
            }
            var dInput = needInput ? new RecurrentInput<T>(g, Tensor.Cat(hInit), HasCellState ? Tensor.Cat(cInit) : null) : null;
            return new Grads<T, RecurrentInput<T>>(new RecurrentParams<T>(grads), dInput);
        });
    }
}
