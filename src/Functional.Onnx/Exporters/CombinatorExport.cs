using System.Globalization;
using System.Numerics;
using Functional.Onnx.Graph;

namespace Functional.Onnx.Exporters;

/// <summary>Sequential, Named, Parallel, Residual and MapSeq: their children's graphs, wired together.</summary>
internal static class CombinatorExport
{
    public static Value Sequential<T>(Exporter<T> e, Sequential q, Tree<T> p, Tree<T> s, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (ps, ss) = (scope.Expect<TreeList<T>>(q, p), scope.Expect<TreeList<T>>(q, s, "state"));
        if (ps.Items.Length != q.Layers.Length || ss.Items.Length != q.Layers.Length)
            throw scope.Unsupported(q, $"has {q.Layers.Length} layers, but the parameters have {ps.Items.Length} and the state {ss.Items.Length}");
        for (var i = 0; i < q.Layers.Length; i++) x = e.Emit(q.Layers[i], ps.Items[i], ss.Items[i], x, scope.Child(q.Names[i]));
        return x;
    }

    public static Value Named<T>(Exporter<T> e, Named n, Tree<T> p, Tree<T> s, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (ps, ss) = (scope.Expect<TreeList<T>>(n, p), scope.Expect<TreeList<T>>(n, s, "state"));
        return e.Emit(n.Inner, ps.Items[0], ss.Items[0], x, scope.Child(n.Name));
    }

    public static Value Parallel<T>(Exporter<T> e, Parallel q, Tree<T> p, Tree<T> s, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (ps, ss) = (scope.Expect<TreeList<T>>(q, p), scope.Expect<TreeList<T>>(q, s, "state"));
        var outs = q.Branches.Select((b, i) => e.Emit(b, ps.Items[i], ss.Items[i], x, scope.Child(i.ToString(CultureInfo.InvariantCulture)))).ToArray();
        var name = q.Merge == Merge.Sum
            ? outs.Skip(1).Aggregate(outs[0].Name, (acc, o) => e.G.Node("Add", scope.Position, [acc, o.Name]))
            : outs.Length == 1 ? outs[0].Name : e.G.Node("Concat", scope.Position, outs.Select(o => o.Name), Attr.Int("axis", -1));
        return Exporter<T>.Out(q, x, name);
    }

    public static Value Residual<T>(Exporter<T> e, Residual r, Tree<T> p, Tree<T> s, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = e.Emit(r.Inner, p, s, x, scope);
        return new Value(e.G.Node("Add", scope.Position, [x.Name, y.Name]), x.Shape);
    }

    /// <summary>(batch, time, ...) as (batch·time, ...) rows through the inner layer, and back, with batch and time read at run time.</summary>
    public static Value MapSeq<T>(Exporter<T> e, MapSeq m, Tree<T> p, Tree<T> s, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Shape.Rank < 3) throw scope.Unsupported(m, $"expects input (batch, time, ...), got {x.Shape}");
        var rest = x.Shape.ToArray()[2..];
        if (rest.Any(d => d < 0)) throw scope.Unsupported(m, $"needs the feature dimensions known, got input {x.Shape}");
        var rows = e.Reshape(x.Name, [-1, .. rest.Select(d => (long)d)], scope.Position);
        var y = e.Emit(m.Inner, p, s, new Value(rows, new Shape([-1, .. rest])), scope);
        var outRest = y.Shape.ToArray()[1..];
        if (outRest.Any(d => d < 0)) throw scope.Unsupported(m, $"needs the inner layer's output features known, got {y.Shape}");
        var batchTime = e.G.Node("Shape", scope.Position, [x.Name], Attr.Int("start", 0), Attr.Int("end", 2));
        var shape = e.G.Node("Concat", scope.Position, [batchTime, e.G.Int64s(scope.Position + "/features", [.. outRest.Select(d => (long)d)])], Attr.Int("axis", 0));
        return Exporter<T>.Out(m, x, e.G.Node("Reshape", scope.Position, [y.Name, shape]));
    }
}
