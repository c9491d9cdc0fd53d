using System.Numerics;
using Functional.Onnx.Graph;
using Functional.Onnx.Proto;

namespace Functional.Onnx.Exporters;

/// <summary>Linear (Gemm on matrices, MatMul + Add otherwise) and Embedding (Gather).</summary>
internal static class DenseExport
{
    public static Value Linear<T>(Exporter<T> e, Linear l, Tree<T> p, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var wb = scope.Expect<WeightBias<T>>(l, p);
        var w = e.G.Initializer(scope.Prefix + "weight", wb.Weight);
        var b = wb.Bias is null ? null : e.G.Initializer(scope.Prefix + "bias", wb.Bias);
        string y;
        if (x.Shape.Rank == 2)
            y = e.G.Node("Gemm", scope.Position, b is null ? [x.Name, w] : [x.Name, w, b], Attr.Int("transB", 1));
        else
        {
            // (..., in) · Wᵀ: the transpose of the initializer is folded by ONNX Runtime when the session loads.
            y = e.G.Node("MatMul", scope.Position, [x.Name, e.Transpose(w, scope.Position, 1, 0)]);
            if (b is not null) y = e.G.Node("Add", scope.Position, [y, b]);
        }
        return Exporter<T>.Out(l, x, y);
    }

    public static Value Embedding<T>(Exporter<T> e, Embedding em, Tree<T> p, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var wb = scope.Expect<WeightBias<T>>(em, p);
        var w = e.G.Initializer(scope.Prefix + "weight", wb.Weight);
        // Token ids arrive as floating-point values, as in the library's forward; Gather wants integers.
        var ids = e.G.Node("Cast", scope.Position, [x.Name], Attr.Int("to", (long)TensorProto.Types.DataType.Int64));
        return Exporter<T>.Out(em, x, e.G.Node("Gather", scope.Position, [w, ids], Attr.Int("axis", 0)));
    }
}
