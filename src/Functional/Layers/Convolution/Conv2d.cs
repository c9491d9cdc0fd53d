using System.Buffers;
using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// A 2-d convolution over NCHW images, PyTorch's <c>nn.Conv2d</c> (groups = 1, zero padding): the weight is
/// (outC, inC, KH, KW), inputs are (N, inC, H, W) (or (inC, H, W)) and outputs (N, outC, OH, OW) with
/// <c>OH = ⌊(H + 2·padding − dilation·(KH − 1) − 1) / stride⌋ + 1</c> (likewise OW). As in PyTorch it is a
/// cross-correlation: <c>y[n,o,i,j] = b[o] + Σ_{c,ki,kj} W[o,c,ki,kj] · x[n,c,i·s−p+ki·d, j·s−p+kj·d]</c>.
/// Forward and pullback are per image an im2col (see <c>docs/layers/convolution.md</c>) and one GEMM each
/// through <see cref="Blas.Gemm{T}"/>: <c>y = W·cols</c>, <c>dW += dy·colsᵀ</c>, <c>dcols = Wᵀ·dy</c> then col2im.
/// </summary>
/// <example><code>
/// var conv = new Conv2d(1, 32, 3, padding: 1);              // 1 -> 32 channels, 3x3, same size
/// var init = conv.Init&lt;float&gt;(Shape.Of(-1, 1, 28, 28), new Rng(0));
/// var fwd = conv.Forward(init.Params, init.State, images, Context.Eval);   // (N, 32, 28, 28)
/// </code></example>
public sealed class Conv2d : Layer
{
    /// <summary>The parameters: <c>weight</c> (outC, inC, KH, KW) and an optional <c>bias</c> (outC).</summary>
    /// <param name="Weight">The kernels, (out_channels, in_channels, kernel_h, kernel_w).</param>
    /// <param name="Bias">The bias, (out_channels), or null for a layer without bias.</param>
    public sealed record Params<T>(Tensor<T> Weight, Tensor<T>? Bias) : Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <inheritdoc />
        public override IEnumerable<(string Path, Tensor<T> Value)> Leaves()
        {
            yield return ("weight", Weight);
            if (Bias is not null) yield return ("bias", Bias);
        }

        /// <inheritdoc />
        public override Tree<T> Map(Func<string, Tensor<T>, Tensor<T>> f)
            => new Params<T>(f("weight", Weight), Bias is null ? null : f("bias", Bias));
    }

    private readonly Window2d g;

    /// <summary>Number of input channels.</summary>
    public int InChannels { get; }

    /// <summary>Number of output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height and width.</summary>
    public (int H, int W) KernelSize => (g.KH, g.KW);

    /// <summary>Stride along height and width.</summary>
    public (int H, int W) Stride => (g.SH, g.SW);

    /// <summary>Zero padding added on both sides along height and width.</summary>
    public (int H, int W) Padding => (g.PH, g.PW);

    /// <summary>Spacing between kernel taps along height and width.</summary>
    public (int H, int W) Dilation => (g.DH, g.DW);

    /// <summary>Whether the layer adds a bias.</summary>
    public bool HasBias { get; }

    /// <summary>Creates a convolution with a square kernel and equal stride, padding and dilation in both dimensions.</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, bool bias = true)
        : this(inChannels, outChannels, (kernelSize, kernelSize), (stride, stride), (padding, padding), (dilation, dilation), bias) { }

    /// <summary>Creates a convolution with (height, width) pairs; stride defaults to (1, 1), padding to (0, 0), dilation to (1, 1).</summary>
    public Conv2d(int inChannels, int outChannels, (int H, int W) kernelSize, (int H, int W)? stride = null, (int H, int W)? padding = null,
        (int H, int W)? dilation = null, bool bias = true)
    {
        var (s, p, d) = (stride ?? (1, 1), padding ?? (0, 0), dilation ?? (1, 1));
        (InChannels, OutChannels, HasBias) = (inChannels, outChannels, bias);
        g = new Window2d(kernelSize.H, kernelSize.W, s.H, s.W, p.H, p.W, d.H, d.W);
        if (inChannels <= 0 || outChannels <= 0)
            throw new ArgumentException($"{this}: channel counts must be positive");
        g.Validate(ToString());
    }

    /// <inheritdoc />
    public override string ToString()
        => $"Conv2d({InChannels} -> {OutChannels}, kernel {g.KH}x{g.KW}"
           + (g.SH != 1 || g.SW != 1 ? $", stride {Window2d.Pair(g.SH, g.SW)}" : "")
           + (g.PH != 0 || g.PW != 0 ? $", padding {Window2d.Pair(g.PH, g.PW)}" : "")
           + (g.DH != 1 || g.DW != 1 ? $", dilation {Window2d.Pair(g.DH, g.DW)}" : "")
           + (HasBias ? ")" : ", bias=false)");

    private (int N, int C, int H, int W, int OH, int OW) Check(Shape input)
    {
        var (n, c, h, w) = Images.Dims(input, this);
        if (c != InChannels)
            throw new ShapeMismatchException($"{this} expects {InChannels} input channels, got {c} (input shape {input})");
        var (oh, ow) = (g.OutH(h), g.OutW(w));
        Images.CheckOutput(this, input, h, w, g, oh, ow);
        return (n, c, h, w, oh, ow);
    }

    /// <summary>
    /// PyTorch's default initialization: the weight is kaiming-uniform with a = √5, which is U(±1/√fan_in) with
    /// fan_in = inC·KH·KW, and the bias is U(±1/√fan_in).
    /// </summary>
    public override Initialized<T> Init<T>(Shape input, Rng rng)
    {
        var (_, _, _, _, oh, ow) = Check(input);
        var bound = 1.0 / Math.Sqrt(InChannels * g.KH * g.KW);
        var (kw, kb) = rng.Split();
        var w = Tensor.Uniform<T>(kw, -bound, bound, OutChannels, InChannels, g.KH, g.KW);
        var b = HasBias ? Tensor.Uniform<T>(kb, -bound, bound, OutChannels) : null;
        return new(new Params<T>(w, b), Tree.Empty<T>(), Images.With(input, OutChannels, oh, ow));
    }

    /// <summary>True when the column matrix of an image is the image itself (1x1 kernel, stride 1, no padding).</summary>
    private bool Pointwise => g is { KH: 1, KW: 1, SH: 1, SW: 1, PH: 0, PW: 0 };

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var p = Expect<Params<T>>(parameters);
        var (n, c, h, w, oh, ow) = Check(input.Shape);
        int k = c * g.KH * g.KW, pix = oh * ow, outC = OutChannels, img = c * h * w;
        var y = new T[n * outC * pix];
        var cols = Pointwise ? null : ArrayPool<T>.Shared.Rent(k * pix);
        try
        {
            for (var i = 0; i < n; i++)
            {
                var yi = y.AsSpan(i * outC * pix, outC * pix);
                if (p.Bias is not null)
                    for (var o = 0; o < outC; o++) yi.Slice(o * pix, pix).Fill(p.Bias.Span[o]);
                var xi = input.Span.Slice(i * img, img);
                if (cols is not null) Im2Col.Gather(xi, c, h, w, g, oh, ow, cols);
                Blas.Gemm(false, false, outC, pix, k, T.One, p.Weight.Span, k, cols is null ? xi : cols, pix,
                    p.Bias is null ? T.Zero : T.One, yi, pix);
            }
        }
        finally { if (cols is not null) ArrayPool<T>.Shared.Return(cols); }
        var output = new Tensor<T>(Images.With(input.Shape, outC, oh, ow), y);
        return new(output, state, (dy, needInput) => Pullback(p, input, dy, needInput, n, c, h, w, oh, ow));
    }

    private Grads<T> Pullback<T>(Params<T> p, Tensor<T> input, Tensor<T> dy, bool needInput, int n, int c, int h, int w, int oh, int ow)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = c * g.KH * g.KW, pix = oh * ow, outC = OutChannels, img = c * h * w;
        if (dy.Size != n * outC * pix)
            throw new ShapeMismatchException($"{this}: output gradient of shape {dy.Shape} for an output of {n}x{outC}x{oh}x{ow}");
        var dw = new T[outC * k];
        var db = p.Bias is null ? null : new T[outC];
        var dx = needInput ? new T[n * img] : null;
        var cols = Pointwise ? null : ArrayPool<T>.Shared.Rent(k * pix);
        var dcols = needInput && !Pointwise ? ArrayPool<T>.Shared.Rent(k * pix) : null;
        try
        {
            for (var i = 0; i < n; i++)
            {
                var dyi = dy.Span.Slice(i * outC * pix, outC * pix);
                var xi = input.Span.Slice(i * img, img);
                if (cols is not null) Im2Col.Gather(xi, c, h, w, g, oh, ow, cols);
                Blas.Gemm(false, true, outC, k, pix, T.One, dyi, pix, cols is null ? xi : cols, pix, i == 0 ? T.Zero : T.One, dw, k);
                if (db is not null)
                    for (var o = 0; o < outC; o++) db[o] += TP.Sum(dyi.Slice(o * pix, pix));
                if (dx is null) continue;
                var dxi = dx.AsSpan(i * img, img);
                if (dcols is null) Blas.Gemm(true, false, k, pix, outC, T.One, p.Weight.Span, k, dyi, pix, T.Zero, dxi, pix);
                else
                {
                    Blas.Gemm(true, false, k, pix, outC, T.One, p.Weight.Span, k, dyi, pix, T.Zero, dcols, pix);
                    Im2Col.Scatter<T>(dcols, c, h, w, g, oh, ow, dxi);
                }
            }
        }
        finally
        {
            if (cols is not null) ArrayPool<T>.Shared.Return(cols);
            if (dcols is not null) ArrayPool<T>.Shared.Return(dcols);
        }
        var grads = new Params<T>(new Tensor<T>(p.Weight.Shape, dw), db is null ? null : new Tensor<T>(p.Bias!.Shape, db));
        return new Grads<T>(grads, dx is null ? null : new Tensor<T>(input.Shape, dx));
    }
}
