using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>The gradients of one scan: the cell's parameters, the input (null when not asked for) and the initial state.</summary>
internal readonly record struct ScanGrads<T>(CellParams<T> Params, Tensor<T>? Input, Tensor<T> H0, Tensor<T>? C0) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// The kernel of <see cref="Scan"/>: one cell folded over time on a batch-first sequence, and its pullback.
/// Internally time-major: the input projection <c>X·W_ihᵀ + b_ih</c> is one GEMM over all (time·batch) rows;
/// the loop does only the recurrent GEMM <c>h·W_hhᵀ</c> and the gate function. The pullback likewise does one
/// GEMM per step (<c>dGh·W_hh</c>) and computes <c>dW_ih</c>, <c>dW_hh</c> and <c>dx</c> after the loop, each as one GEMM.
/// Everything the trace holds is written once during the forward pass and only read afterwards, so the pullback is pure.
/// </summary>
internal sealed class ScanTrace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Cell cell = null!;
    private CellParams<T> p = null!;
    private int B, Tn, In, H, GH, CW;
    private bool reverse, serial;
    private int truncate;
    private int[]? lengths;
    private T[] xT = null!, hs = null!, cs = null!, cache = null!;
    private Shape inputShape = null!;

    public Tensor<T> Output { get; private set; } = null!;
    public Tensor<T> HN { get; private set; } = null!;
    public Tensor<T>? CN { get; private set; }

    private int Time(int s) => reverse ? Tn - 1 - s : s;
    private bool Masked(int t, int b) => lengths is not null && t >= lengths[b];

    /// <summary>Runs <paramref name="cell"/> over <paramref name="x"/> (batch, time, in) from state (h0, c0) (zeros when null).</summary>
    /// <remarks>With <paramref name="serial"/>, every GEMM runs on the library's kernel on the calling thread alone
    /// (<see cref="Blas.GemmConcurrent{T}"/>), for a scan that runs beside another one (<see cref="Bidirectional"/>).</remarks>
    public static ScanTrace<T> Run(Cell cell, CellParams<T> p, Tensor<T> x, Tensor<T>? h0, Tensor<T>? c0, int[]? lengths, bool reverse, int truncate, bool serial = false)
    {
        var r = new ScanTrace<T>
        {
            cell = cell, p = p, B = x.Shape[0], Tn = x.Shape[1], In = cell.InputSize, H = cell.HiddenSize,
            GH = cell.Gates * cell.HiddenSize, CW = cell.CacheWidth, reverse = reverse, truncate = truncate, lengths = lengths, inputShape = x.Shape, serial = serial,
        };
        r.Forward(x, h0, c0);
        return r;
    }

    private void Gemm(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        if (serial) Blas.GemmConcurrent(transA, transB, m, n, k, T.One, a, lda, b, ldb, beta, c, ldc);
        else Blas.Gemm(transA, transB, m, n, k, T.One, a, lda, b, ldb, beta, c, ldc);
    }

    private static void Transpose(ReadOnlySpan<T> src, Span<T> dst, int outer, int inner, int width)
    {
        for (var o = 0; o < outer; o++)
            for (var i = 0; i < inner; i++)
                src.Slice((o * inner + i) * width, width).CopyTo(dst.Slice((i * outer + o) * width, width));
    }

    private static void FillRows(Span<T> dst, Tensor<T>? bias, int rows, int width)
    {
        if (bias is null) return;
        for (var r = 0; r < rows; r++) bias.Span.CopyTo(dst.Slice(r * width, width));
    }

    private static void SumRows(ReadOnlySpan<T> src, Span<T> dst, int rows, int width)
    {
        for (var r = 0; r < rows; r++) TP.Add(dst, src.Slice(r * width, width), dst);
    }

    private void Forward(Tensor<T> x, Tensor<T>? h0, Tensor<T>? c0)
    {
        int bh = B * H, rows = Tn * B;
        var lstm = cell.HasCellState;
        xT = Buffers.New<T>(rows * In);
        Transpose(x.Span, xT, B, Tn, In);
        var gi = Buffers.New<T>(rows * GH);
        FillRows(gi, p.BiasIh, rows, GH);
        Gemm(false, true, rows, GH, In, xT, In, p.WeightIh.Span, In, p.BiasIh is null ? T.Zero : T.One, gi, GH);

        hs = Buffers.New<T>((Tn + 1) * bh);
        cs = lstm ? Buffers.New<T>((Tn + 1) * bh) : [];
        h0?.Span.CopyTo(hs);
        if (lstm) c0?.Span.CopyTo(cs);
        cache = Buffers.New<T>(rows * CW);
        var gh = Buffers.New<T>(B * GH);
        var outT = Buffers.New<T>(rows * H);
        for (var s = 0; s < Tn; s++)
        {
            var t = Time(s);
            ReadOnlySpan<T> hPrev = hs.AsSpan(s * bh, bh);
            FillRows(gh, p.BiasHh, B, GH);
            Gemm(false, true, B, GH, H, hPrev, H, p.WeightHh.Span, H, p.BiasHh is null ? T.Zero : T.One, gh, GH);
            var hNew = hs.AsSpan((s + 1) * bh, bh);
            cell.Gate<T>(B, gi.AsSpan(t * B * GH, B * GH), gh, hPrev, lstm ? cs.AsSpan(s * bh, bh) : default,
                hNew, lstm ? cs.AsSpan((s + 1) * bh, bh) : default, cache.AsSpan(s * B * CW, B * CW));
            hNew.CopyTo(outT.AsSpan(t * bh, bh));
            if (lengths is null) continue;
            for (var b = 0; b < B; b++)
            {
                if (!Masked(t, b)) continue;
                hPrev.Slice(b * H, H).CopyTo(hNew.Slice(b * H, H));
                if (lstm) cs.AsSpan(s * bh + b * H, H).CopyTo(cs.AsSpan((s + 1) * bh + b * H, H));
                outT.AsSpan(t * bh + b * H, H).Clear();
            }
        }
        var output = Buffers.New<T>(rows * H);
        Transpose(outT, output, Tn, B, H);
        Output = new Tensor<T>(Shape.Of(B, Tn, H), output);
        HN = new Tensor<T>(Shape.Of(B, H), hs.AsSpan(Tn * bh, bh).ToArray());
        CN = lstm ? new Tensor<T>(Shape.Of(B, H), cs.AsSpan(Tn * bh, bh).ToArray()) : null;
    }

    /// <summary>The pullback: gradients of the output (B, T, H), the final h and c (B, H); null parts are zero.</summary>
    public ScanGrads<T> Backward(Tensor<T>? dOutput, Tensor<T>? dHn, Tensor<T>? dCn, bool needInput)
    {
        int bh = B * H, rows = Tn * B;
        var lstm = cell.HasCellState;
        if (dOutput is not null && dOutput.Shape != Output.Shape)
            throw new ShapeMismatchException($"Scan({cell}): the output gradient has shape {dOutput.Shape}, but the output has shape {Output.Shape}");
        if (dHn is not null && dHn.Size != bh) throw new ShapeMismatchException($"Scan({cell}): the h_n gradient has shape {dHn.Shape}, expected ({B}, {H})");
        if (dCn is not null && (!lstm || dCn.Size != bh)) throw new ShapeMismatchException($"Scan({cell}): unexpected c_n gradient of shape {dCn.Shape}");
        T[]? dOutT = null;
        if (dOutput is not null) { dOutT = Buffers.New<T>(rows * H); Transpose(dOutput.Span, dOutT, B, Tn, H); }

        var dh = Buffers.New<T>(bh);
        var dc = Buffers.New<T>(lstm ? bh : 0);
        dHn?.Span.CopyTo(dh);
        dCn?.Span.CopyTo(dc);
        var dhNext = Buffers.New<T>(bh);
        var dcNext = Buffers.New<T>(lstm ? bh : 0);
        var dGi = Buffers.New<T>(rows * GH);
        var dGh = Buffers.New<T>(rows * GH);
        for (var s = Tn - 1; s >= 0; s--)
        {
            var t = Time(s);
            if (dOutT is not null)
            {
                if (lengths is null) TP.Add(dh, dOutT.AsSpan(t * bh, bh), dh);
                else for (var b = 0; b < B; b++)
                        if (!Masked(t, b)) TP.Add(dh.AsSpan(b * H, H), dOutT.AsSpan(t * bh + b * H, H), dh.AsSpan(b * H, H));
            }
            var gi = dGi.AsSpan(t * B * GH, B * GH);
            var gh = dGh.AsSpan(s * B * GH, B * GH);
            cell.GateBack<T>(B, cache.AsSpan(s * B * CW, B * CW), hs.AsSpan(s * bh, bh), lstm ? cs.AsSpan(s * bh, bh) : default,
                dh, dc, gi, gh, dhNext, dcNext);
            if (lengths is not null)
                for (var b = 0; b < B; b++)
                {
                    if (!Masked(t, b)) continue;
                    gi.Slice(b * GH, GH).Clear();
                    gh.Slice(b * GH, GH).Clear();
                    dh.AsSpan(b * H, H).CopyTo(dhNext.AsSpan(b * H, H));
                    if (lstm) dc.AsSpan(b * H, H).CopyTo(dcNext.AsSpan(b * H, H));
                }
            Gemm(false, false, B, H, GH, gh, GH, p.WeightHh.Span, H, T.One, dhNext, H);
            (dh, dhNext) = (dhNext, dh);
            (dc, dcNext) = (dcNext, dc);
            if (truncate > 0 && s > 0 && s % truncate == 0) { Array.Clear(dh); Array.Clear(dc); }
        }

        var dWhh = Buffers.New<T>(GH * H);
        Gemm(true, false, GH, H, rows, dGh, GH, hs, H, T.Zero, dWhh, H);
        var dWih = Buffers.New<T>(GH * In);
        Gemm(true, false, GH, In, rows, dGi, GH, xT, In, T.Zero, dWih, In);
        Tensor<T>? dbih = null, dbhh = null;
        if (p.BiasIh is not null) { var d = Buffers.New<T>(GH); SumRows(dGi, d, rows, GH); dbih = new Tensor<T>(p.BiasIh.Shape, d); }
        if (p.BiasHh is not null) { var d = Buffers.New<T>(GH); SumRows(dGh, d, rows, GH); dbhh = new Tensor<T>(p.BiasHh.Shape, d); }
        Tensor<T>? dx = null;
        if (needInput)
        {
            var dxT = Buffers.New<T>(rows * In);
            Gemm(false, false, rows, In, GH, dGi, GH, p.WeightIh.Span, In, T.Zero, dxT, In);
            var dxs = Buffers.New<T>(rows * In);
            Transpose(dxT, dxs, Tn, B, In);
            dx = new Tensor<T>(inputShape, dxs);
        }
        var grads = new CellParams<T>(new Tensor<T>(p.WeightIh.Shape, dWih), new Tensor<T>(p.WeightHh.Shape, dWhh), dbih, dbhh, p.Suffix);
        return new ScanGrads<T>(grads, dx, new Tensor<T>(Shape.Of(B, H), dh), lstm ? new Tensor<T>(Shape.Of(B, H), dc) : null);
    }
}
