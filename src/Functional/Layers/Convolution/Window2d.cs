namespace Functional;

/// <summary>
/// The geometry of a 2-d sliding window (kernel, stride, padding, dilation), shared by convolution and
/// pooling, with PyTorch's output-size formula.
/// </summary>
internal readonly record struct Window2d(int KH, int KW, int SH, int SW, int PH, int PW, int DH, int DW)
{
    /// <summary>Checks the hyperparameters, naming <paramref name="layer"/> in the error.</summary>
    public Window2d Validate(string layer)
    {
        if (KH <= 0 || KW <= 0) throw new ArgumentException($"{layer}: kernel size {KH}x{KW} must be positive");
        if (SH <= 0 || SW <= 0) throw new ArgumentException($"{layer}: stride {SH}x{SW} must be positive");
        if (PH < 0 || PW < 0) throw new ArgumentException($"{layer}: padding {PH}x{PW} must not be negative");
        if (DH <= 0 || DW <= 0) throw new ArgumentException($"{layer}: dilation {DH}x{DW} must be positive");
        return this;
    }

    /// <summary>The extent of the dilated kernel along the height: <c>DH·(KH−1)+1</c>.</summary>
    public int SpanH => DH * (KH - 1) + 1;

    /// <summary>The extent of the dilated kernel along the width.</summary>
    public int SpanW => DW * (KW - 1) + 1;

    /// <summary>The output height for input height <paramref name="h"/>.</summary>
    public int OutH(int h, bool ceil = false) => Out(h, KH, SH, PH, DH, ceil);

    /// <summary>The output width for input width <paramref name="w"/>.</summary>
    public int OutW(int w, bool ceil = false) => Out(w, KW, SW, PW, DW, ceil);

    /// <summary>
    /// PyTorch's <c>pooling_output_shape</c>: <c>⌊(n + 2p − d(k−1) − 1 [+ s − 1 when ceil]) / s⌋ + 1</c>, and in ceil
    /// mode the last window must start inside the input or its left padding.
    /// </summary>
    private static int Out(int n, int k, int s, int p, int d, bool ceil)
    {
        var num = n + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0);
        var o = (int)Math.Floor(num / (double)s) + 1;
        if (ceil && (o - 1) * s >= n + p) o--;
        return o;
    }

    /// <summary>"3x3".</summary>
    public static string Pair(int h, int w) => h == w ? $"{h}" : $"{h}x{w}";
}

/// <summary>NCHW shape handling shared by the convolution and pooling layers (rank 4, or rank 3 without a batch).</summary>
internal static class Images
{
    /// <summary>(N, C, H, W) of an (N, C, H, W) or (C, H, W) shape; N is 1 for rank 3 (and may be -1 in a declared shape).</summary>
    public static (int N, int C, int H, int W) Dims(Shape s, Layer layer)
    {
        if (s.Rank is not (3 or 4))
            throw new ShapeMismatchException($"{layer} expects (N, C, H, W) or (C, H, W) input, got shape {s}");
        var d = s.Rank == 4 ? (s[0], s[1], s[2], s[3]) : (1, s[0], s[1], s[2]);
        if (d.Item3 <= 0 || d.Item4 <= 0)
            throw new ShapeMismatchException($"{layer} needs known, positive height and width, got shape {s}");
        return d;
    }

    /// <summary>The input shape with its last three dimensions replaced by (c, h, w).</summary>
    public static Shape With(Shape s, int c, int h, int w)
        => s.Rank == 4 ? Shape.Of(s[0], c, h, w) : Shape.Of(c, h, w);

    /// <summary>Throws unless the window gives at least one output per dimension, naming the sizes.</summary>
    public static void CheckOutput(Layer layer, Shape input, int h, int w, in Window2d g, int oh, int ow)
    {
        if (oh >= 1 && ow >= 1) return;
        throw new ShapeMismatchException(
            $"{layer}: the kernel ({g.SpanH}x{g.SpanW} with dilation) is larger than the padded input " +
            $"({h + 2 * g.PH}x{w + 2 * g.PW}), output would be {oh}x{ow} (input shape {input})");
    }
}
