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
/// <remarks>Parameters: <see cref="WeightBias{T}"/>, <c>weight</c> (outC, inC, KH, KW) and an optional <c>bias</c> (outC).</remarks>
public sealed class Conv2d : Layer
{
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
        return new(new WeightBias<T>(w, b), Tree.Empty<T>(), Images.With(input, OutChannels, oh, ow));
    }

    /// <summary>True when the column matrix of an image is the image itself (1x1 kernel, stride 1, no padding).</summary>
    private bool Pointwise => g is { KH: 1, KW: 1, SH: 1, SW: 1, PH: 0, PW: 0 };

    /// <summary>
    /// How the batch is cut into chunks of images, one GEMM each: enough images to make the product a few thousand
    /// columns wide, while the column block stays under 1M values (so it lives in cache between im2col and GEMM). The
    /// chunk count is even, so that the pullback's two halves are equal; it depends on the shapes alone, never on the
    /// thread count, and so neither do the bits.
    /// </summary>
    private (int Size, int Count) Chunks(int k, int pix, int n)
    {
        if (Pointwise || n < 2) return (1, n);
        var size = Math.Clamp(Math.Min((1 << 20) / Math.Max(1, k * pix), 4096 / pix), 1, n);
        var count = (n + size - 1) / size;
        count = Math.Min(n, count + (count & 1));
        size = (n + count - 1) / count;
        return (size, (n + size - 1) / size);
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var p = Expect<WeightBias<T>>(parameters);
        var (n, c, h, w, oh, ow) = Check(input.Shape);
        int k = c * g.KH * g.KW, pix = oh * ow, outC = OutChannels, img = c * h * w;
        var y = Buffers.New<T>(n * outC * pix);
        if (Pointwise)
            for (var i = 0; i < n; i++)
            {
                var yi = y.AsSpan(i * outC * pix, outC * pix);
                Blas.Gemm(false, false, outC, pix, k, T.One, p.Weight.Span, k, input.Span.Slice(i * img, img), pix, T.Zero, yi, pix);
                if (p.Bias is not null) AddBias(yi, p.Bias.Span, pix);
            }
        else
        {
            // Per chunk of images: cols (k × nb·pix) holds the images side by side; W·cols is (outC × nb·pix), copied into NCHW.
            // The chunks are independent, so they are the unit of parallelism: each worker runs its own im2col, GEMM
            // (Blas.GemmConcurrent: the library's kernel on the worker's thread, since OpenBLAS serializes concurrent calls) and copy.
            var (chunk, count) = Chunks(k, pix, n);
            Work.For(count, (long)n * k * pix, ci =>
            {
                int first = ci * chunk, nb = Math.Min(chunk, n - first), ld = nb * pix;
                using var colsLease = Buffers.Scratch<T>(k * ld);
                using var prodLease = Buffers.Scratch<T>(outC * ld);
                var (cols, prod) = (colsLease.Array, prodLease.Array);
                {
                    for (var b = 0; b < nb; b++) Im2Col.Gather(input.Span.Slice((first + b) * img, img), c, h, w, g, oh, ow, cols.AsSpan(b * pix), ld);
                    Blas.GemmConcurrent(false, false, outC, ld, k, T.One, p.Weight.Span, k, cols, ld, T.Zero, prod, ld);
                    for (var b = 0; b < nb; b++)
                        for (var o = 0; o < outC; o++)
                        {
                            var src = prod.AsSpan(o * ld + b * pix, pix);
                            var dst = y.AsSpan(((first + b) * outC + o) * pix, pix);
                            if (p.Bias is null) src.CopyTo(dst);
                            else TP.Add(src, p.Bias.data[o], dst);
                        }
                }
            });
        }
        var output = new Tensor<T>(Images.With(input.Shape, outC, oh, ow), y);
        return new(output, state, (dy, needInput) => Pullback(p, input, dy, needInput, n, c, h, w, oh, ow));
    }

    private static void AddBias<T>(Span<T> y, ReadOnlySpan<T> bias, int pix) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var o = 0; o < bias.Length; o++) { var row = y.Slice(o * pix, pix); TP.Add(row, bias[o], row); }
    }

    private Grads<T> Pullback<T>(WeightBias<T> p, Tensor<T> input, Tensor<T> dy, bool needInput, int n, int c, int h, int w, int oh, int ow)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = c * g.KH * g.KW, pix = oh * ow, outC = OutChannels, img = c * h * w;
        if (dy.Size != n * outC * pix)
            throw new ShapeMismatchException($"{this}: output gradient of shape {dy.Shape} for an output of {n}x{outC}x{oh}x{ow}");
        var dw = Buffers.New<T>(outC * k);
        var db = p.Bias is null ? null : Buffers.New<T>(outC);
        var dx = needInput ? Buffers.New<T>(n * img) : null;
        var (chunk, count) = Chunks(k, pix, n);
        // The chunks go in two fixed halves, each summing its own dW and db (the second into spare buffers, added at the
        // end): the halves, not the threads, decide the order of the sums, so the bits do not depend on the thread count.
        var dwSecond = Buffers.New<T>(outC * k);
        var dbSecond = db is null ? null : Buffers.New<T>(outC);
        var half = (count + 1) / 2;
        Work.For(2, (long)n * k * pix, part =>
        {
            var (dwPart, dbPart) = part == 0 ? (dw, db) : (dwSecond, dbSecond);
            using var colsLease = Buffers.Scratch<T>(Pointwise ? 0 : k * chunk * pix);
            using var dycLease = Buffers.Scratch<T>(outC * chunk * pix);
            var (cols, dyc) = (Pointwise ? null : colsLease.Array, dycLease.Array);
            {
                for (var ci = part * half; ci < Math.Min(count, (part + 1) * half); ci++)
                {
                    int first = ci * chunk, nb = Math.Min(chunk, n - first), ld = nb * pix;
                    // dY of the chunk as (outC × nb·pix), images side by side like the columns
                    for (var b = 0; b < nb; b++)
                        for (var o = 0; o < outC; o++)
                            dy.data.AsSpan(((first + b) * outC + o) * pix, pix).CopyTo(dyc.AsSpan(o * ld + b * pix, pix));
                    if (cols is not null)
                        for (var b = 0; b < nb; b++) Im2Col.Gather(input.Span.Slice((first + b) * img, img), c, h, w, g, oh, ow, cols.AsSpan(b * pix), ld);
                    ReadOnlySpan<T> colSpan = cols is null ? input.Span.Slice(first * img, img) : cols;
                    Blas.GemmConcurrent(false, true, outC, k, ld, T.One, dyc, ld, colSpan, ld, ci == part * half ? T.Zero : T.One, dwPart, k);
                    if (dbPart is not null)
                        for (var o = 0; o < outC; o++) dbPart[o] += TP.Sum(dyc.AsSpan(o * ld, ld));
                    if (dx is null) continue;
                    if (cols is null)
                        Blas.GemmConcurrent(true, false, k, pix, outC, T.One, p.Weight.Span, k, dyc, pix, T.Zero, dx.AsSpan(first * img, img), pix);
                    else
                    {
                        // dcols = Wᵀ·dY reuses the column buffer, then col2im adds each image's block into its own dx
                        Blas.GemmConcurrent(true, false, k, ld, outC, T.One, p.Weight.Span, k, dyc, ld, T.Zero, cols, ld);
                        for (var b = 0; b < nb; b++) Im2Col.Scatter<T>(cols.AsSpan(b * pix), ld, c, h, w, g, oh, ow, dx.AsSpan((first + b) * img, img));
                    }
                }
            }
        });
        TP.Add(dw, dwSecond, dw);
        if (db is not null) TP.Add(db, dbSecond!, db);
        var grads = new WeightBias<T>(new Tensor<T>(p.Weight.Shape, dw), db is null ? null : new Tensor<T>(p.Bias!.Shape, db));
        return new Grads<T>(grads, dx is null ? null : new Tensor<T>(input.Shape, dx));
    }
}
