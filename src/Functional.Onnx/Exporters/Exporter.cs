using System.Numerics;
using Functional.Onnx.Graph;

namespace Functional.Onnx.Exporters;

/// <summary>Where a layer sits: the state-dict prefix of its leaves (<c>layers.0.</c>) and its position for errors (<c>layers.0</c>).</summary>
internal sealed record Scope(string Prefix, string Position)
{
    public static Scope Root { get; } = new("", "");

    /// <summary>The scope of the child named <paramref name="name"/>.</summary>
    public Scope Child(string name) => new(Prefix + name + ".", Position.Length == 0 ? name : Position + "." + name);

    /// <summary>The error for <paramref name="layer"/> here.</summary>
    public OnnxExportException Unsupported(Layer layer, string reason) => new(Position, layer.ToString(), reason);

    /// <summary>The parameter (or state) record the layer needs, or an error naming what was found.</summary>
    public TTree Expect<TTree>(Layer layer, object tree, string what = "parameters") where TTree : class
        => tree as TTree ?? throw Unsupported(layer, $"expects {what} of type {typeof(TTree).Name.Split('`')[0]}, got {tree.GetType().Name.Split('`')[0]}");
}

/// <summary>
/// Dispatches each layer, by type, to the exporter of its family (one file each: dense, activations, shapes,
/// normalization, convolution, recurrent, combinators). Every exporter writes the layer's eval-mode computation and
/// returns the value it produces.
/// </summary>
internal sealed class Exporter<T>(GraphBuilder<T> graph) where T : unmanaged, IFloatingPointIeee754<T>
{
    public GraphBuilder<T> G { get; } = graph;

    public Value Emit(Layer layer, Tree<T> p, Tree<T> s, Value x, Scope scope) => layer switch
    {
        Sequential q => CombinatorExport.Sequential(this, q, p, s, x, scope),
        Named n => CombinatorExport.Named(this, n, p, s, x, scope),
        Parallel q => CombinatorExport.Parallel(this, q, p, s, x, scope),
        Residual r => CombinatorExport.Residual(this, r, p, s, x, scope),
        MapSeq m => CombinatorExport.MapSeq(this, m, p, s, x, scope),
        Linear l => DenseExport.Linear(this, l, p, x, scope),
        Embedding em => DenseExport.Embedding(this, em, p, x, scope),
        ReLU or Sigmoid or Tanh or LeakyReLU or Softmax or LogSoftmax => ActivationExport.Emit(this, (Activation)layer, x, scope),
        Identity or Dropout => x,
        Flatten f => ShapeExport.Flatten(this, f, x, scope),
        Unflatten u => ShapeExport.Unflatten(this, u, x, scope),
        BatchNorm b => NormalizationExport.BatchNorm(this, b, p, s, x, scope),
        Conv2d c => ConvolutionExport.Conv(this, c, p, x, scope),
        MaxPool2d m => ConvolutionExport.MaxPool(this, m, x, scope),
        AvgPool2d a => ConvolutionExport.AvgPool(this, a, x, scope),
        AdaptiveAvgPool2d a => ConvolutionExport.AdaptiveAvgPool(this, a, x, scope),
        ManyToOne m => RecurrentExport.ManyToOne(this, m, p, x, scope),
        SequenceLayer q => RecurrentExport.Sequence(this, q, p, x, scope),
        _ => throw scope.Unsupported(layer, $"ONNX has no counterpart for {layer.GetType().Name}"),
    };

    /// <summary>The value <paramref name="name"/> with <paramref name="layer"/>'s output shape for <paramref name="x"/>.</summary>
    public static Value Out(Layer layer, Value x, string name) => new(name, layer.OutputShape(x.Shape));

    /// <summary>A Reshape of <paramref name="x"/> to <paramref name="dims"/> (0 copies the input's dimension, -1 is inferred).</summary>
    public string Reshape(string x, long[] dims, string position)
        => G.Node("Reshape", position, [x, G.Int64s(position + "/shape", dims)]);

    /// <summary>A Transpose of <paramref name="x"/> by <paramref name="perm"/>.</summary>
    public string Transpose(string x, string position, params long[] perm)
        => G.Node("Transpose", position, [x], Attr.Ints("perm", perm));
}
