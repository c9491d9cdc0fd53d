using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// The column layout of one image for convolution as a matrix product. For an image (C, H, W) and a window
/// giving an (OH, OW) output, the column matrix has one row per (c, ki, kj) — C·KH·KW rows, in the order of the
/// weight's (C, KH, KW) axes — and one column per output pixel (OH·OW, row-major), holding the input value the
/// kernel tap (ki, kj) of channel c sees at that pixel, or zero in the padding. Then
/// <c>W (outC × C·KH·KW) · cols = y (outC × OH·OW)</c>, which is exactly the NCHW output of one image.
/// Both directions work a row segment (one output row for one tap) at a time. The in-bounds range [lo, hi) of a
/// segment is computed once per tap, so the inner loops index without bounds checks; segments are short (the
/// output width), so they are plain loops over refs rather than span calls, and long runs with stride 1 use a
/// vectorized copy or add. The column matrix may be one block of a wider matrix holding several images side by
/// side: row r starts at <c>r·ld</c>.
/// </summary>
internal static class Im2Col
{
    private const int LongRun = 32;

    /// <summary>Fills <paramref name="cols"/> ((C·KH·KW) rows of OH·OW, row stride <paramref name="ld"/>) from the image <paramref name="x"/> (C × H × W).</summary>
    public static void Gather<T>(ReadOnlySpan<T> x, int c, int h, int w, in Window2d g, int oh, int ow, Span<T> cols, int ld)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length < c * h * w || cols.Length < (c * g.KH * g.KW - 1) * ld + oh * ow)
            throw new ArgumentException("Im2Col.Gather: buffer too small");
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var cr = ref MemoryMarshal.GetReference(cols);
        int row = 0, sh = g.SH, sw = g.SW, ph = g.PH;
        for (var ch = 0; ch < c; ch++)
            for (var ki = 0; ki < g.KH; ki++)
                for (var kj = 0; kj < g.KW; kj++, row++)
                {
                    var colOff = kj * g.DW - g.PW;
                    var (lo, hi) = Valid(colOff, w, sw, ow);
                    var rowOff = ki * g.DH - ph;
                    for (var o = 0; o < oh; o++)
                    {
                        ref var seg = ref Unsafe.Add(ref cr, row * ld + o * ow);
                        var ih = o * sh + rowOff;
                        if ((uint)ih >= (uint)h) { Zero(ref seg, 0, ow); continue; }
                        Zero(ref seg, 0, lo);
                        Zero(ref seg, hi, ow);
                        ref var src = ref Unsafe.Add(ref xr, (ch * h + ih) * w + colOff);
                        if (sw == 1)
                        {
                            if (hi - lo >= LongRun)
                                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref src, lo), hi - lo).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref seg, lo), hi - lo));
                            else
                                for (var j = lo; j < hi; j++) Unsafe.Add(ref seg, j) = Unsafe.Add(ref src, j);
                        }
                        else
                            for (var j = lo; j < hi; j++) Unsafe.Add(ref seg, j) = Unsafe.Add(ref src, j * sw);
                    }
                }
    }

    /// <summary>Adds the columns <paramref name="cols"/> (row stride <paramref name="ld"/>) back onto the image gradient <paramref name="dx"/> (C × H × W): the adjoint of <see cref="Gather"/>.</summary>
    public static void Scatter<T>(ReadOnlySpan<T> cols, int ld, int c, int h, int w, in Window2d g, int oh, int ow, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (dx.Length < c * h * w || cols.Length < (c * g.KH * g.KW - 1) * ld + oh * ow)
            throw new ArgumentException("Im2Col.Scatter: buffer too small");
        ref var xr = ref MemoryMarshal.GetReference(dx);
        ref var cr = ref MemoryMarshal.GetReference(cols);
        int row = 0, sh = g.SH, sw = g.SW, ph = g.PH;
        for (var ch = 0; ch < c; ch++)
            for (var ki = 0; ki < g.KH; ki++)
                for (var kj = 0; kj < g.KW; kj++, row++)
                {
                    var colOff = kj * g.DW - g.PW;
                    var (lo, hi) = Valid(colOff, w, sw, ow);
                    if (lo >= hi) continue;
                    var rowOff = ki * g.DH - ph;
                    for (var o = 0; o < oh; o++)
                    {
                        var ih = o * sh + rowOff;
                        if ((uint)ih >= (uint)h) continue;
                        ref var seg = ref Unsafe.Add(ref cr, row * ld + o * ow);
                        ref var dst = ref Unsafe.Add(ref xr, (ch * h + ih) * w + colOff);
                        if (sw == 1)
                        {
                            if (hi - lo >= LongRun)
                            {
                                var d = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dst, lo), hi - lo);
                                TP.Add(d, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref seg, lo), hi - lo), d);
                            }
                            else
                                for (var j = lo; j < hi; j++) Unsafe.Add(ref dst, j) += Unsafe.Add(ref seg, j);
                        }
                        else
                            for (var j = lo; j < hi; j++) Unsafe.Add(ref dst, j * sw) += Unsafe.Add(ref seg, j);
                    }
                }
    }

    private static void Zero<T>(ref T seg, int from, int to) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var j = from; j < to; j++) Unsafe.Add(ref seg, j) = T.Zero;
    }

    /// <summary>The output columns [lo, hi) whose input column <c>j·stride + colOff</c> lies in [0, w).</summary>
    private static (int Lo, int Hi) Valid(int colOff, int w, int stride, int ow)
    {
        var lo = colOff >= 0 ? 0 : (-colOff + stride - 1) / stride;
        var last = w - 1 - colOff;                       // largest admissible j·stride
        var hi = last < 0 ? 0 : Math.Min(ow, last / stride + 1);
        lo = Math.Min(lo, ow);
        return (lo, Math.Max(lo, hi));
    }
}
