using System.Numerics;
using Functional.Onnx.Exporters;
using Functional.Onnx.Graph;
using Functional.Onnx.Proto;
using Google.Protobuf;

namespace Functional.Onnx;

/// <summary>
/// ONNX export: a layer with its parameters and state becomes an ONNX model of its eval-mode forward (dropout is the
/// identity, batch norm uses its running statistics), with one input <c>input</c> and one output <c>output</c> whose
/// first dimension is the dynamic <c>batch</c>. Weights are initializers under their state-dict names
/// (<c>layers.0.weight</c>). The element type is that of the parameters: float32 models for <c>float</c>, float64
/// for <c>double</c>. A layer with no ONNX counterpart fails with an <see cref="OnnxExportException"/> naming it and
/// its position.
/// </summary>
/// <example><code>
/// var net = Nn.Sequential(Nn.Linear(784, 128), Nn.ReLU(), Nn.Linear(128, 10), Nn.LogSoftmax(-1));
/// var init = net.Init&lt;float&gt;(Shape.Of(-1, 784), new Rng(0));
/// Onnx.Export(net, init.Params, init.State, Shape.Of(-1, 784), "mlp.onnx");
/// </code></example>
public static class Onnx
{
    /// <summary>The ONNX operator set the models use (the default domain).</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version written (8, the one that goes with opset 17).</summary>
    public const int IrVersion = 8;

    /// <summary>The name of the model's input.</summary>
    public const string InputName = "input";

    /// <summary>The name of the model's output.</summary>
    public const string OutputName = "output";

    /// <summary>
    /// Writes the ONNX model of <paramref name="layer"/> to <paramref name="path"/>, atomically: the bytes go to a temporary
    /// file in the same directory, which is then renamed into place (and deleted if anything fails), so no partial file is
    /// ever left. Nothing is written when the model cannot be exported.
    /// </summary>
    /// <param name="layer">The network.</param>
    /// <param name="parameters">Its parameters.</param>
    /// <param name="state">Its state (batch-norm running statistics).</param>
    /// <param name="inputShape">The input shape; the first dimension is the batch and is dynamic in the model whatever its value here.</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <exception cref="OnnxExportException">A layer has no ONNX counterpart.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public static void Export<T>(Layer layer, Tree<T> parameters, Tree<T> state, Shape inputShape, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var bytes = ToBytes(layer, parameters, state, inputShape);
        WriteAtomically(path, bytes);
    }

    /// <summary>The ONNX model of <paramref name="layer"/> as bytes (what <see cref="Export{T}"/> writes), e.g. to load into ONNX Runtime directly.</summary>
    /// <exception cref="OnnxExportException">A layer has no ONNX counterpart.</exception>
    public static byte[] ToBytes<T>(Layer layer, Tree<T> parameters, Tree<T> state, Shape inputShape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Rank == 0) throw new ArgumentException("ONNX export: the input shape needs a batch dimension", nameof(inputShape));
        var input = inputShape.With(0, -1);
        var g = new GraphBuilder<T>();
        g.Fresh(InputName);
        g.Fresh(OutputName);
        var y = new Exporter<T>(g).Emit(layer, parameters, state, new Value(InputName, input), Scope.Root);
        var output = new NodeProto { OpType = "Identity", Name = "/output/Identity" };
        output.Input.Add(y.Name);
        output.Output.Add(OutputName);
        g.Graph.Node.Add(output);
        g.Graph.Input.Add(GraphBuilder<T>.Info(InputName, input, GraphBuilder<T>.ElementType));
        g.Graph.Output.Add(GraphBuilder<T>.Info(OutputName, y.Shape, GraphBuilder<T>.ElementType));
        g.Graph.DocString = layer.ToString();
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Functional.Onnx",
            ProducerVersion = typeof(Onnx).Assembly.GetName().Version?.ToString() ?? "",
            Graph = g.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model.ToByteArray();
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new IOException($"cannot write {path}: {e.Message}", e);
        }
        if (Directory.Exists(full)) throw new IOException($"cannot write {path}: it is a directory");
        var directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory)) throw new IOException($"cannot write {path}: the directory {directory} does not exist");
        // The library's atomic replace: a temporary file beside the target, fsync, rename; deleted on failure.
        try { AtomicFile.Write(full, stream => stream.Write(bytes)); }
        catch (IOException e) { throw new IOException("cannot write " + e.Message.Replace(full, path, StringComparison.Ordinal), e); }
    }
}
