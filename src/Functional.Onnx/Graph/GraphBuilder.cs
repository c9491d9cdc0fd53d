using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using Functional.Onnx.Proto;
using Google.Protobuf;

namespace Functional.Onnx.Graph;

/// <summary>A value in the graph being built: its name and its shape (-1 for a dimension known only at run time).</summary>
internal readonly record struct Value(string Name, Shape Shape);

/// <summary>
/// Builds one ONNX graph in element type <typeparamref name="T"/>: initializers under the names given (the state-dict
/// names), int64 constants, and nodes whose outputs get fresh names under the position of the layer that made them.
/// </summary>
internal sealed class GraphBuilder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly GraphProto graph = new() { Name = "functional" };
    private readonly HashSet<string> initializers = new(StringComparer.Ordinal);
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private int counter;

    /// <summary>The ONNX element type of <typeparamref name="T"/>.</summary>
    public static int ElementType => typeof(T) == typeof(float) ? (int)TensorProto.Types.DataType.Float
        : typeof(T) == typeof(double) ? (int)TensorProto.Types.DataType.Double
        : throw new NotSupportedException($"ONNX export supports float and double tensors, not {typeof(T).Name}");

    /// <summary>The graph so far.</summary>
    public GraphProto Graph => graph;

    /// <summary>Adds a tensor as an initializer under <paramref name="name"/> (once: a name seen before keeps its first tensor).</summary>
    public string Initializer(string name, Tensor<T> tensor)
    {
        if (!initializers.Add(name)) return name;
        names.Add(name);
        var t = new TensorProto { Name = name, DataType = ElementType, RawData = Raw(tensor.Span) };
        foreach (var d in tensor.Shape) t.Dims.Add(d);
        graph.Initializer.Add(t);
        return name;
    }

    /// <summary>Adds a constant tensor of <typeparamref name="T"/> values (such as the ones of a batch norm without weights).</summary>
    public string Constant(string hint, T[] values, params int[] dims)
        => Initializer(Fresh(hint), Tensor.FromArray(values, dims));

    /// <summary>Adds an int64 constant: a vector, or a scalar when <paramref name="scalar"/> is set.</summary>
    public string Int64s(string hint, long[] values, bool scalar = false)
    {
        var name = Fresh(hint);
        initializers.Add(name);
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, RawData = Raw<long>(values) };
        if (!scalar) t.Dims.Add(values.Length);
        graph.Initializer.Add(t);
        return name;
    }

    /// <summary>Adds a node with one output; returns the output's name.</summary>
    public string Node(string op, string position, IEnumerable<string> inputs, params AttributeProto[] attributes)
        => Node(op, position, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs, named under <paramref name="position"/>.</summary>
    public string[] Node(string op, string position, IEnumerable<string> inputs, int outputs, params AttributeProto[] attributes)
    {
        var where = position.Length == 0 ? "" : position + "/";
        var node = new NodeProto { OpType = op, Name = Fresh($"/{where}{op}") };
        node.Input.AddRange(inputs);
        var outs = Enumerable.Range(0, outputs).Select(i => Fresh($"/{where}{op}_output_{i}")).ToArray();
        node.Output.AddRange(outs);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return outs;
    }

    /// <summary>Declares a graph input or output of element type <typeparamref name="T"/>; dimensions of -1 are named <c>batch</c> (the first) or <c>dN</c>.</summary>
    public static ValueInfoProto Info(string name, Shape shape, int elementType)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = elementType, Shape = new TensorShapeProto() };
        for (var i = 0; i < shape.Rank; i++)
            tensor.Shape.Dim.Add(shape[i] >= 0 && i > 0
                ? new TensorShapeProto.Types.Dimension { DimValue = shape[i] }
                : new TensorShapeProto.Types.Dimension { DimParam = i == 0 ? "batch" : "d" + i.ToString(CultureInfo.InvariantCulture) });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    /// <summary>A name not used yet, built from <paramref name="hint"/>.</summary>
    public string Fresh(string hint)
    {
        var name = hint;
        while (!names.Add(name)) name = $"{hint}_{++counter}";
        return name;
    }

    private static ByteString Raw<TValue>(ReadOnlySpan<TValue> values) where TValue : unmanaged
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw data is little-endian; this machine is not");
        return ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
    }
}

/// <summary>Attribute makers.</summary>
internal static class Attr
{
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, double value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };

    public static AttributeProto String(string name, string value)
        => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Strings(string name, params string[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        a.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return a;
    }
}
