using System.Numerics;
using Functional.Onnx.Graph;

namespace Functional.Onnx.Exporters;

/// <summary>
/// RNN, LSTM and GRU (and the Scan, Bidirectional and Stack they are made of) as ONNX's RNN, LSTM and GRU nodes, one
/// per layer (both directions in one bidirectional node), plus the heads Last (<c>output[:, -1]</c>) and LastHidden
/// (the last layer's <c>h_n</c>). ONNX's recurrent ops are sequence-first, so the input is transposed once on the way in
/// and the output once on the way out. Gate blocks are reordered with a Gather of the state-dict weights (PyTorch's
/// LSTM i,f,g,o becomes ONNX's i,o,f,c; GRU r,z,n becomes z,r,h), and the bias is <c>[b_ih, b_hh]</c>; ONNX Runtime
/// folds those constant subgraphs when it loads the model. PyTorch's GRU applies the reset gate after the hidden
/// matmul: <c>linear_before_reset=1</c>.
/// </summary>
internal static class RecurrentExport
{
    /// <summary>The sequence-first output (time, batch, directions·hidden) and the last layer's <c>Y_h</c> (directions, batch, hidden).</summary>
    private readonly record struct Run(string Y, string Yh);

    /// <summary>A sequence layer used as a layer: (batch, time, features) in, (batch, time, directions·hidden) out.</summary>
    public static Value Sequence<T>(Exporter<T> e, SequenceLayer q, Tree<T> p, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(q, x, scope);
        var run = Layers(e, q, p, e.Transpose(x.Name, scope.Position, 1, 0, 2), scope);
        return Exporter<T>.Out(q, x, e.Transpose(run.Y, scope.Position, 1, 0, 2));
    }

    public static Value ManyToOne<T>(Exporter<T> e, ManyToOne m, Tree<T> p, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(m.Inner, x, scope);
        var run = Layers(e, m.Inner, p, e.Transpose(x.Name, scope.Position, 1, 0, 2), scope);
        var y = m switch
        {
            Last => e.G.Node("Gather", scope.Position, [run.Y, e.G.Int64s(scope.Position + "/last", [-1], scalar: true)], Attr.Int("axis", 0)),
            LastHidden => e.Reshape(e.Transpose(run.Yh, scope.Position, 1, 0, 2), [0, -1], scope.Position),
            _ => throw scope.Unsupported(m, $"ONNX has no counterpart for the sequence head {m.GetType().Name}"),
        };
        return Exporter<T>.Out(m, x, y);
    }

    private static void Check(SequenceLayer q, Value x, Scope scope)
    {
        if (x.Shape.Rank != 3 || x.Shape[2] != q.InputSize)
            throw new ShapeMismatchException($"{q} expects input (batch, time, {q.InputSize}), got {x.Shape}{(scope.Position.Length > 0 ? " at " + scope.Position : "")}");
    }

    private static Run Layers<T>(Exporter<T> e, SequenceLayer q, Tree<T> p, string x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (q)
        {
            case RecurrentNetwork r: return Layers(e, r.Inner, p, x, scope);
            case Stack s:
            {
                var parts = scope.Expect<RecurrentParams<T>>(s, p);
                if (parts.Parts.Length != s.Layers.Length) throw scope.Unsupported(s, $"expects {s.Layers.Length} parameter parts, got {parts.Parts.Length}");
                var run = new Run(x, "");
                for (var k = 0; k < s.Layers.Length; k++) run = Layers(e, s.Layers[k], parts[k], run.Y, scope);   // dropout between layers: eval, the identity
                return run;
            }
            case Scan scan: return Node(e, q, [scan], [scope.Expect<CellParams<T>>(q, p)], x, scope);
            case Bidirectional b:
            {
                var parts = scope.Expect<RecurrentParams<T>>(b, p);
                if (parts.Parts.Length != 2) throw scope.Unsupported(b, $"expects 2 parameter parts, got {parts.Parts.Length}");
                return Node(e, q, [b.Forward, b.Backward], [scope.Expect<CellParams<T>>(q, parts[0]), scope.Expect<CellParams<T>>(q, parts[1])], x, scope);
            }
            default: throw scope.Unsupported(q, $"ONNX has no counterpart for the sequence layer {q.GetType().Name}");
        }
    }

    /// <summary>One ONNX recurrent node for one layer: one scan (forward or reverse) or two (bidirectional).</summary>
    private static Run Node<T>(Exporter<T> e, SequenceLayer q, Scan[] scans, CellParams<T>[] ps, string x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var cell = scans[0].Cell;
        var (op, blocks) = cell switch
        {
            LstmCell => ("LSTM", new[] { 0, 3, 1, 2 }),
            GruCell => ("GRU", new[] { 1, 0, 2 }),
            RnnCell => ("RNN", new[] { 0 }),
            _ => throw scope.Unsupported(q, $"ONNX has no recurrent op for the cell {cell.GetType().Name}"),
        };
        var h = cell.HiddenSize;
        var at = (scope.Position.Length == 0 ? "" : scope.Position + "/") + op + "_l" + scans[0].Layer;
        var order = blocks.Length == 1 ? "" : e.G.Int64s(at + "/gate_order", [.. blocks.SelectMany(g => Enumerable.Range(g * h, h).Select(i => (long)i))]);
        var axis0 = e.G.Int64s(at + "/axis0", [0]);
        string Stacked(Func<CellParams<T>, Tensor<T>> leaf, string name)
        {
            var perDirection = ps.Select(cp =>
            {
                var w = e.G.Initializer(scope.Prefix + name + cp.Suffix, leaf(cp));
                var reordered = blocks.Length == 1 ? w : e.G.Node("Gather", at, [w, order], Attr.Int("axis", 0));
                return e.G.Node("Unsqueeze", at, [reordered, axis0]);
            }).ToArray();
            return perDirection.Length == 1 ? perDirection[0] : e.G.Node("Concat", at, perDirection, Attr.Int("axis", 0));
        }
        var inputs = new List<string> { x, Stacked(cp => cp.WeightIh, "weight_ih"), Stacked(cp => cp.WeightHh, "weight_hh") };
        if (ps.Any(cp => (cp.BiasIh is null) != (cp.BiasHh is null) || (cp.BiasIh is null) != (ps[0].BiasIh is null)))
            throw scope.Unsupported(q, "has a bias on one side only; ONNX takes both or neither");
        if (ps[0].BiasIh is not null)
        {
            // B = [Wb, Rb] per direction: the two reordered biases, concatenated.
            var perDirection = ps.Select(cp =>
            {
                var bi = e.G.Initializer(scope.Prefix + "bias_ih" + cp.Suffix, cp.BiasIh!);
                var bh = e.G.Initializer(scope.Prefix + "bias_hh" + cp.Suffix, cp.BiasHh!);
                if (blocks.Length > 1) (bi, bh) = (e.G.Node("Gather", at, [bi, order], Attr.Int("axis", 0)), e.G.Node("Gather", at, [bh, order], Attr.Int("axis", 0)));
                return e.G.Node("Unsqueeze", at, [e.G.Node("Concat", at, [bi, bh], Attr.Int("axis", 0)), axis0]);
            }).ToArray();
            inputs.Add(perDirection.Length == 1 ? perDirection[0] : e.G.Node("Concat", at, perDirection, Attr.Int("axis", 0)));
        }
        var direction = scans.Length == 2 ? "bidirectional" : scans[0].Reverse ? "reverse" : "forward";
        var attributes = new List<Functional.Onnx.Proto.AttributeProto> { Attr.Int("hidden_size", h), Attr.String("direction", direction) };
        if (cell is GruCell) attributes.Add(Attr.Int("linear_before_reset", 1));
        if (cell is RnnCell rc)
            attributes.Add(Attr.Strings("activations", [.. scans.Select(_ => rc.Nonlinearity == RnnNonlinearity.ReLU ? "Relu" : "Tanh")]));
        var outs = e.G.Node(op, at, inputs, 2, [.. attributes]);
        // Y is (time, directions, batch, hidden): as (time, batch, directions·hidden) for the next layer or the head.
        var y = e.Reshape(e.Transpose(outs[0], at, 0, 2, 1, 3), [0, 0, -1], at);
        return new Run(y, outs[1]);
    }
}
