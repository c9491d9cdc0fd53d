using System.Numerics;
using Functional.Onnx.Graph;

namespace Functional.Onnx.Exporters;

/// <summary>ReLU, Sigmoid, Tanh, LeakyReLU, and Softmax and LogSoftmax along any dimension.</summary>
internal static class ActivationExport
{
    public static Value Emit<T>(Exporter<T> e, Activation a, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = a switch
        {
            ReLU => e.G.Node("Relu", scope.Position, [x.Name]),
            Sigmoid => e.G.Node("Sigmoid", scope.Position, [x.Name]),
            Tanh => e.G.Node("Tanh", scope.Position, [x.Name]),
            LeakyReLU l => e.G.Node("LeakyRelu", scope.Position, [x.Name], Attr.Float("alpha", l.NegativeSlope)),
            Softmax s => e.G.Node("Softmax", scope.Position, [x.Name], Attr.Int("axis", Axis(a, s.Dim, x, scope))),
            LogSoftmax s => e.G.Node("LogSoftmax", scope.Position, [x.Name], Attr.Int("axis", Axis(a, s.Dim, x, scope))),
            _ => throw scope.Unsupported(a, "not an activation ONNX has"),
        };
        return new Value(y, x.Shape);
    }

    private static long Axis(Layer a, int dim, Value x, Scope scope)
        => dim >= -x.Shape.Rank && dim < x.Shape.Rank ? dim : throw scope.Unsupported(a, $"dimension {dim} is out of range for input {x.Shape}");
}
