using System.Text;

namespace Functional;

/// <summary>A table of a network's layers with their output shapes and parameter counts, like Keras's <c>summary()</c>.</summary>
public static class Summary
{
    /// <summary>One row of a summary.</summary>
    /// <param name="Position">The layer's position, e.g. <c>3</c>, <c>1.0</c> or <c>features.0</c> (names where given).</param>
    /// <param name="Layer">The layer's description.</param>
    /// <param name="Output">The output shape (batch -1).</param>
    /// <param name="Parameters">The number of trainable scalars.</param>
    public readonly record struct Row(string Position, string Layer, Shape Output, int Parameters);

    /// <summary>The rows for <paramref name="layer"/> applied to <paramref name="input"/>; sequences are expanded.</summary>
    public static IReadOnlyList<Row> Rows(Layer layer, Shape input)
    {
        var rows = new List<Row>();
        Collect(layer, input, "", rows);
        return rows;
    }

    private static Shape Collect(Layer layer, Shape input, string position, List<Row> rows)
    {
        if (layer is Sequential seq)
        {
            var shape = input;
            for (var i = 0; i < seq.Layers.Length; i++)
            {
                var name = seq.Names[i];
                try { shape = Collect(seq.Layers[i], shape, position.Length == 0 ? name : $"{position}.{name}", rows); }
                catch (ShapeMismatchException e) { throw e.Under(name); }
            }
            return shape;
        }
        if (layer is Named named)
        {
            try { return Collect(named.Inner, input, position.Length == 0 ? named.Name : $"{position}.{named.Name}", rows); }
            catch (ShapeMismatchException e) { throw e.Under(named.Name); }
        }
        var init = layer.Init<float>(input, new Rng(0));
        rows.Add(new Row(position.Length == 0 ? "0" : position, layer.ToString(), init.Output, init.Params.Count()));
        return init.Output;
    }

    /// <summary>The summary as a text table, with the total parameter count.</summary>
    /// <example><code>Console.WriteLine(Summary.Of(net, Shape.Of(-1, 784)));</code></example>
    public static string Of(Layer layer, Shape input)
    {
        var rows = Rows(layer, input);
        int w0 = Math.Max(5, rows.Max(r => r.Position.Length)), w1 = Math.Max(5, rows.Max(r => r.Layer.Length)),
            w2 = Math.Max(12, rows.Max(r => r.Output.ToString().Length));
        var sb = new StringBuilder();
        var rule = new string('-', w0 + w1 + w2 + 18);
        sb.AppendLine($"{"#".PadRight(w0)}  {"Layer".PadRight(w1)}  {"Output shape".PadRight(w2)}  {"Params",12}");
        sb.AppendLine(rule);
        foreach (var r in rows)
            sb.AppendLine($"{r.Position.PadRight(w0)}  {r.Layer.PadRight(w1)}  {r.Output.ToString().PadRight(w2)}  {r.Parameters,12:N0}");
        sb.AppendLine(rule);
        sb.AppendLine($"Input {input}, total parameters: {rows.Sum(r => r.Parameters):N0}");
        return sb.ToString();
    }
}
