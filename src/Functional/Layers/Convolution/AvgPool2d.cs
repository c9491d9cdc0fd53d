using System.Numerics;

namespace Functional;

/// <summary>
/// Average pooling over NCHW images, PyTorch's <c>nn.AvgPool2d</c>. A window that reaches into the zero padding
/// divides by its size clipped to the padded input when <see cref="CountIncludePad"/> (the default), else by the
/// number of input elements it covers; <see cref="DivisorOverride"/>, when set, replaces either divisor. In ceil
/// mode a last window may run past the padded input, and only the part inside the padded input counts. The
/// pullback spreads each output gradient over its window with the same divisor.
/// </summary>
/// <example><code>
/// var pool = new AvgPool2d(2);                 // (N, C, 28, 28) -> (N, C, 14, 14)
/// </code></example>
public sealed class AvgPool2d : Activation
{
    private readonly Window2d g;

    /// <summary>Window height and width.</summary>
    public (int H, int W) KernelSize => (g.KH, g.KW);

    /// <summary>Step between windows.</summary>
    public (int H, int W) Stride => (g.SH, g.SW);

    /// <summary>Implicit zero padding on both sides.</summary>
    public (int H, int W) Padding => (g.PH, g.PW);

    /// <summary>Whether the output size rounds up.</summary>
    public bool CeilMode { get; }

    /// <summary>Whether padding elements count in the divisor.</summary>
    public bool CountIncludePad { get; }

    /// <summary>A fixed divisor for every window, or null.</summary>
    public int? DivisorOverride { get; }

    /// <summary>A square window; stride defaults to the kernel size.</summary>
    public AvgPool2d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null)
        : this((kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), ceilMode, countIncludePad, divisorOverride) { }

    /// <summary>A (height, width) window; stride defaults to the kernel size.</summary>
    /// <exception cref="ArgumentException">A size is not positive, the padding exceeds half the kernel, or the divisor is zero.</exception>
    public AvgPool2d((int H, int W) kernelSize, (int H, int W)? stride = null, (int H, int W)? padding = null, bool ceilMode = false,
        bool countIncludePad = true, int? divisorOverride = null)
    {
        var (s, p) = (stride ?? kernelSize, padding ?? (0, 0));
        g = new Window2d(kernelSize.H, kernelSize.W, s.H, s.W, p.H, p.W, 1, 1);
        (CeilMode, CountIncludePad, DivisorOverride) = (ceilMode, countIncludePad, divisorOverride);
        g.Validate(ToString());
        if (p.H > kernelSize.H / 2 || p.W > kernelSize.W / 2)
            throw new ArgumentException($"{this}: padding must be at most half the kernel size");
        if (divisorOverride is 0) throw new ArgumentException($"{this}: the divisor must not be zero");
    }

    /// <inheritdoc />
    public override string ToString()
        => $"AvgPool2d(kernel {g.KH}x{g.KW}"
           + (g.SH != g.KH || g.SW != g.KW ? $", stride {Window2d.Pair(g.SH, g.SW)}" : "")
           + (g.PH != 0 || g.PW != 0 ? $", padding {Window2d.Pair(g.PH, g.PW)}" : "")
           + (CeilMode ? ", ceil_mode" : "")
           + (CountIncludePad ? "" : ", count_include_pad=false")
           + (DivisorOverride is { } d ? $", divisor {d})" : ")");

    /// <inheritdoc />
    protected override Shape Output(Shape input)
    {
        var (_, c, h, w) = Images.Dims(input, this);
        var (oh, ow) = (g.OutH(h, CeilMode), g.OutW(w, CeilMode));
        Images.CheckOutput(this, input, h, w, g, oh, ow);
        return Images.With(input, c, oh, ow);
    }

    /// <summary>The window of every output (i, j), clipped to the input, with its divisor (PyTorch's rule); divisor 0 marks an empty window.</summary>
    private (int H0, int H1, int W0, int W1, int Divisor)[] Windows(int h, int w, int oh, int ow)
    {
        var result = new (int, int, int, int, int)[oh * ow];
        for (var i = 0; i < oh; i++)
            for (var j = 0; j < ow; j++)
            {
                int h0 = i * g.SH - g.PH, w0 = j * g.SW - g.PW;
                int h1 = Math.Min(h0 + g.KH, h + g.PH), w1 = Math.Min(w0 + g.KW, w + g.PW);
                var padded = (h1 - h0) * (w1 - w0);
                (h0, w0, h1, w1) = (Math.Max(h0, 0), Math.Max(w0, 0), Math.Min(h1, h), Math.Min(w1, w));
                var divisor = h0 < h1 && w0 < w1 ? DivisorOverride ?? (CountIncludePad ? padded : (h1 - h0) * (w1 - w0)) : 0;
                result[i * ow + j] = (h0, h1, w0, w1, divisor);
            }
        return result;
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var outShape = Output(input.Shape);
        var (n, c, h, w) = Images.Dims(input.Shape, this);
        int oh = outShape[-2], ow = outShape[-1], planes = n * c, outPlane = oh * ow;
        var windows = Windows(h, w, oh, ow);
        var y = Buffers.New<T>(planes * outPlane);
        var x = input.Span;
        for (var pl = 0; pl < planes; pl++)
        {
            var plane = x.Slice(pl * h * w, h * w);
            for (var o = 0; o < outPlane; o++)
            {
                var (h0, h1, w0, w1, divisor) = windows[o];
                if (divisor == 0) continue;
                var sum = T.Zero;
                for (var r = h0; r < h1; r++)
                    for (var q = w0; q < w1; q++) sum += plane[r * w + q];
                y[pl * outPlane + o] = sum / T.CreateChecked(divisor);
            }
        }
        return Stateless(new Tensor<T>(outShape, y), state, dy =>
        {
            var dx = Buffers.New<T>(input.Size);
            var d = dy.Span;
            for (var pl = 0; pl < planes; pl++)
            {
                var plane = dx.AsSpan(pl * h * w, h * w);
                for (var o = 0; o < outPlane; o++)
                {
                    var (h0, h1, w0, w1, divisor) = windows[o];
                    if (divisor == 0) continue;
                    var gr = d[pl * outPlane + o] / T.CreateChecked(divisor);
                    for (var r = h0; r < h1; r++)
                        for (var q = w0; q < w1; q++) plane[r * w + q] += gr;
                }
            }
            return new Tensor<T>(input.Shape, dx);
        });
    }
}
