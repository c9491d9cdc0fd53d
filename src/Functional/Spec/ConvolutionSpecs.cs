using System.Text.Json;

namespace Functional;

/// <summary>Spec builders for <c>Conv2d</c>, <c>MaxPool2d</c>, <c>AvgPool2d</c>, <c>AdaptiveAvgPool2d</c> and <c>Unflatten</c>, with PyTorch's keyword names.</summary>
internal static class ConvolutionSpecs
{
    [LayerSpec("Conv2d")]
    private static Layer Conv2d(SpecArgs a)
    {
        var k = Pair(a.Ints("kernel_size", 2));
        if (a.Int("groups", 1) != 1) throw a.Unsupported("groups other than 1");
        var mode = a.String("padding_mode", "zeros");
        if (mode != "zeros") throw a.Unsupported($"padding_mode '{mode}'");
        var dilation = Pair(a.Ints("dilation", 2, [1, 1]));
        return new Conv2d(a.Int("in_channels"), a.Int("out_channels"), k, Pair(a.Ints("stride", 2, [1, 1])), ConvPadding(a, k, dilation),
            dilation, a.Bool("bias", true));
    }

    /// <summary>An integer, a pair, or PyTorch's strings: <c>valid</c> (none) and <c>same</c> when the padding is symmetric.</summary>
    private static (int, int) ConvPadding(SpecArgs a, (int H, int W) k, (int H, int W) d)
    {
        if (!(a.Json.TryGetProperty("padding", out var v) && v.ValueKind == JsonValueKind.String)) return Pair(a.Ints("padding", 2, [0, 0]));
        var s = a.String("padding", "");
        if (s == "valid") return (0, 0);
        if (s != "same") throw new SpecException($"{a}: 'padding' must be an integer, 2 integers, 'valid' or 'same', got '{s}'");
        int th = d.H * (k.H - 1), tw = d.W * (k.W - 1);
        if (th % 2 != 0 || tw % 2 != 0) throw a.Unsupported("padding 'same' with an even dilated kernel (asymmetric padding)");
        if (a.Ints("stride", 2, [1, 1]) is not [1, 1]) throw new SpecException($"{a}: padding 'same' needs stride 1, as in PyTorch");
        return (th / 2, tw / 2);
    }

    [LayerSpec("MaxPool2d")]
    private static Layer MaxPool2d(SpecArgs a)
    {
        if (a.Bool("return_indices", false)) throw a.Unsupported("return_indices=True");
        var k = Pair(a.Ints("kernel_size", 2));
        return new MaxPool2d(k, Pair(a.Ints("stride", 2, [k.Item1, k.Item2])), Pair(a.Ints("padding", 2, [0, 0])),
            Pair(a.Ints("dilation", 2, [1, 1])), a.Bool("ceil_mode", false));
    }

    [LayerSpec("AvgPool2d")]
    private static Layer AvgPool2d(SpecArgs a)
    {
        var k = Pair(a.Ints("kernel_size", 2));
        int? divisor = a.NullableDouble("divisor_override", null) is { } d ? (d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue
            ? (int)d : throw new SpecException($"{a}: 'divisor_override' must be an integer, got {d}")) : null;
        return new AvgPool2d(k, Pair(a.Ints("stride", 2, [k.Item1, k.Item2])), Pair(a.Ints("padding", 2, [0, 0])),
            a.Bool("ceil_mode", false), a.Bool("count_include_pad", true), divisor);
    }

    [LayerSpec("AdaptiveAvgPool2d")]
    private static Layer AdaptiveAvgPool2d(SpecArgs a)
    {
        if (a.Json.TryGetProperty("output_size", out var v) && v.ValueKind == JsonValueKind.Array && v.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Null))
            throw a.Unsupported("an output_size with None (keep the input size)");
        return new AdaptiveAvgPool2d(Pair(a.Ints("output_size", 2)));
    }

    [LayerSpec("Unflatten")]
    private static Layer Unflatten(SpecArgs a)
    {
        var sizes = a.Json.TryGetProperty("unflattened_size", out var v) && v.ValueKind == JsonValueKind.Array ? v.GetArrayLength() : 0;
        return new Unflatten(a.Int("dim"), a.Ints("unflattened_size", Math.Max(sizes, 1)));
    }

    private static (int, int) Pair(int[] v) => (v[0], v[1]);
}
