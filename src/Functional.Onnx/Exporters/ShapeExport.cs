using System.Numerics;
using Functional.Onnx.Graph;

namespace Functional.Onnx.Exporters;

/// <summary>Flatten and Unflatten, both as one Reshape to the output shape (0 copies a run-time dimension before the ones reshaped, -1 infers one).</summary>
internal static class ShapeExport
{
    public static Value Flatten<T>(Exporter<T> e, Flatten f, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
        => To(e, f, x, scope, x.Shape.Rank == 0 ? 0 : x.Shape.Axis(f.StartDim));

    public static Value Unflatten<T>(Exporter<T> e, Unflatten u, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
        => To(e, u, x, scope, x.Shape.Axis(u.Dim));

    private static Value To<T>(Exporter<T> e, Layer layer, Value x, Scope scope, int kept) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var output = layer.OutputShape(x.Shape);
        var dims = new long[output.Rank];
        var inferred = 0;
        for (var i = 0; i < dims.Length; i++)
        {
            // A run-time dimension that the layer leaves in place is copied (0); at most one other may be inferred (-1).
            if (output[i] >= 0) dims[i] = output[i];
            else if (i < kept) dims[i] = 0;
            else { dims[i] = -1; inferred++; }
        }
        if (inferred > 1) throw scope.Unsupported(layer, $"more than one dimension of the output {output} is known only at run time (input {x.Shape})");
        return new Value(e.Reshape(x.Name, dims, scope.Position), output);
    }
}
