using System.Numerics;
using Functional.Onnx.Graph;
using Functional.Onnx.Proto;

namespace Functional.Onnx.Exporters;

/// <summary>Conv2d (Conv), MaxPool2d (MaxPool), AvgPool2d (AveragePool) and AdaptiveAvgPool2d where it is a plain pooling.</summary>
internal static class ConvolutionExport
{
    private static AttributeProto[] Window((int H, int W) kernel, (int H, int W) stride, (int H, int W) padding) =>
    [
        Attr.Ints("kernel_shape", kernel.H, kernel.W),
        Attr.Ints("strides", stride.H, stride.W),
        Attr.Ints("pads", padding.H, padding.W, padding.H, padding.W),
    ];

    public static Value Conv<T>(Exporter<T> e, Conv2d c, Tree<T> p, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var wb = scope.Expect<WeightBias<T>>(c, p);
        var w = e.G.Initializer(scope.Prefix + "weight", wb.Weight);
        string[] inputs = wb.Bias is null ? [x.Name, w] : [x.Name, w, e.G.Initializer(scope.Prefix + "bias", wb.Bias)];
        var y = e.G.Node("Conv", scope.Position, inputs, [.. Window(c.KernelSize, c.Stride, c.Padding), Attr.Ints("dilations", c.Dilation.H, c.Dilation.W)]);
        return Exporter<T>.Out(c, x, y);
    }

    public static Value MaxPool<T>(Exporter<T> e, MaxPool2d m, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = e.G.Node("MaxPool", scope.Position, [x.Name],
            [.. Window(m.KernelSize, m.Stride, m.Padding), Attr.Ints("dilations", m.Dilation.H, m.Dilation.W), Attr.Int("ceil_mode", m.CeilMode ? 1 : 0)]);
        return Exporter<T>.Out(m, x, y);
    }

    public static Value AvgPool<T>(Exporter<T> e, AvgPool2d a, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.DivisorOverride is { } d)
            throw scope.Unsupported(a, $"ONNX's AveragePool has no divisor override (divisor_override={d})");
        var y = e.G.Node("AveragePool", scope.Position, [x.Name],
            [.. Window(a.KernelSize, a.Stride, a.Padding), Attr.Int("ceil_mode", a.CeilMode ? 1 : 0), Attr.Int("count_include_pad", a.CountIncludePad ? 1 : 0)]);
        return Exporter<T>.Out(a, x, y);
    }

    /// <summary>
    /// An adaptive pooling whose input size is a multiple of the output size is an AveragePool with kernel and stride
    /// input/output (GlobalAveragePool for 1×1); other sizes have windows of varying size, which ONNX cannot express.
    /// </summary>
    public static Value AdaptiveAvgPool<T>(Exporter<T> e, AdaptiveAvgPool2d a, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Shape.Rank != 4 || x.Shape[2] < 0 || x.Shape[3] < 0)
            throw scope.Unsupported(a, $"needs an input (N, C, H, W) with H and W known, got {x.Shape}");
        var (h, w) = (x.Shape[2], x.Shape[3]);
        var (oh, ow) = a.OutputSize;
        string y;
        if (oh == 1 && ow == 1) y = e.G.Node("GlobalAveragePool", scope.Position, [x.Name]);
        else if (h % oh == 0 && w % ow == 0)
            y = e.G.Node("AveragePool", scope.Position, [x.Name], Window((h / oh, w / ow), (h / oh, w / ow), (0, 0)));
        else
            throw scope.Unsupported(a, $"an input of {h}x{w} is not a multiple of the output {oh}x{ow}, so the windows differ in size and no ONNX pooling matches");
        return Exporter<T>.Out(a, x, y);
    }
}
