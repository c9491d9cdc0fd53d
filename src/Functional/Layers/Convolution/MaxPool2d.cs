using System.Numerics;

namespace Functional;

/// <summary>
/// Max pooling over NCHW images, PyTorch's <c>nn.MaxPool2d</c>: each output is the maximum of a (dilated) window
/// of one channel. Padding counts as −∞, so it never wins. The pullback sends each output's gradient to the
/// element that won its window; on a tie the first in scan order (row by row) wins, as in PyTorch's CPU kernel,
/// and a NaN in the window wins over numbers (the last NaN, as there). Gradients of overlapping windows add up.
/// A window that holds padding only (possible with dilation) gives −∞ and passes no gradient; PyTorch's own
/// kernel reads out of bounds there.
/// </summary>
/// <example><code>
/// var pool = new MaxPool2d(2);                 // (N, C, 28, 28) -> (N, C, 14, 14)
/// </code></example>
public sealed class MaxPool2d : Activation
{
    private readonly Window2d g;

    /// <summary>Window height and width.</summary>
    public (int H, int W) KernelSize => (g.KH, g.KW);

    /// <summary>Step between windows.</summary>
    public (int H, int W) Stride => (g.SH, g.SW);

    /// <summary>Implicit −∞ padding on both sides.</summary>
    public (int H, int W) Padding => (g.PH, g.PW);

    /// <summary>Spacing between window taps.</summary>
    public (int H, int W) Dilation => (g.DH, g.DW);

    /// <summary>Whether the output size rounds up (a last, partial window that starts inside the input or the left padding).</summary>
    public bool CeilMode { get; }

    /// <summary>A square window; stride defaults to the kernel size.</summary>
    public MaxPool2d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        : this((kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), (dilation, dilation), ceilMode) { }

    /// <summary>A (height, width) window; stride defaults to the kernel size.</summary>
    /// <exception cref="ArgumentException">A size is not positive, or the padding exceeds half the kernel (PyTorch's rule).</exception>
    public MaxPool2d((int H, int W) kernelSize, (int H, int W)? stride = null, (int H, int W)? padding = null, (int H, int W)? dilation = null, bool ceilMode = false)
    {
        var (s, p, d) = (stride ?? kernelSize, padding ?? (0, 0), dilation ?? (1, 1));
        g = new Window2d(kernelSize.H, kernelSize.W, s.H, s.W, p.H, p.W, d.H, d.W);
        CeilMode = ceilMode;
        g.Validate(ToString());
        if (p.H > kernelSize.H / 2 || p.W > kernelSize.W / 2)
            throw new ArgumentException($"{this}: padding must be at most half the kernel size");
    }

    /// <inheritdoc />
    public override string ToString()
        => $"MaxPool2d(kernel {g.KH}x{g.KW}"
           + (g.SH != g.KH || g.SW != g.KW ? $", stride {Window2d.Pair(g.SH, g.SW)}" : "")
           + (g.PH != 0 || g.PW != 0 ? $", padding {Window2d.Pair(g.PH, g.PW)}" : "")
           + (g.DH != 1 || g.DW != 1 ? $", dilation {Window2d.Pair(g.DH, g.DW)}" : "")
           + (CeilMode ? ", ceil_mode)" : ")");

    /// <inheritdoc />
    protected override Shape Output(Shape input)
    {
        var (_, c, h, w) = Images.Dims(input, this);
        var (oh, ow) = (g.OutH(h, CeilMode), g.OutW(w, CeilMode));
        Images.CheckOutput(this, input, h, w, g, oh, ow);
        return Images.With(input, c, oh, ow);
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var outShape = Output(input.Shape);
        var (n, c, h, w) = Images.Dims(input.Shape, this);
        int oh = outShape[-2], ow = outShape[-1], planes = n * c;
        var y = Buffers.New<T>(planes * oh * ow);
        var arg = new int[y.Length];                    // the winner's offset inside its plane, -1 for an empty window
        var x = input.Span;
        for (var pl = 0; pl < planes; pl++)
        {
            var plane = x.Slice(pl * h * w, h * w);
            for (var i = 0; i < oh; i++)
            {
                var (h0, h1) = Taps(i * g.SH - g.PH, g.DH, g.KH, h);
                for (var j = 0; j < ow; j++)
                {
                    var (w0, w1) = Taps(j * g.SW - g.PW, g.DW, g.KW, w);
                    T best = T.NegativeInfinity;
                    var at = h0 < h1 && w0 < w1 ? h0 * w + w0 : -1;
                    for (var r = h0; r < h1; r += g.DH)
                    {
                        var row = plane.Slice(r * w);
                        for (var q = w0; q < w1; q += g.DW)
                        {
                            var v = row[q];
                            if (v > best || T.IsNaN(v)) { best = v; at = r * w + q; }
                        }
                    }
                    var o = (pl * oh + i) * ow + j;
                    (y[o], arg[o]) = (best, at);
                }
            }
        }
        return Stateless(new Tensor<T>(outShape, y), state, dy =>
        {
            var dx = Buffers.New<T>(input.Size);
            var d = dy.Span;
            int outPlane = oh * ow, inPlane = h * w;
            for (var pl = 0; pl < planes; pl++)
                for (var o = 0; o < outPlane; o++)
                {
                    var a = arg[pl * outPlane + o];
                    if (a >= 0) dx[pl * inPlane + a] += d[pl * outPlane + o];
                }
            return new Tensor<T>(input.Shape, dx);
        });
    }

    /// <summary>The in-bounds taps of a window starting at <paramref name="start"/>: first tap and exclusive end, stepping by <paramref name="dil"/>.</summary>
    private static (int First, int End) Taps(int start, int dil, int k, int size)
    {
        var end = Math.Min(start + (k - 1) * dil + 1, size);
        var first = start;
        while (first < 0) first += dil;
        return (first, end);
    }
}
