using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// The column layout of one image for convolution as a matrix product. For an image (C, H, W) and a window
/// giving an (OH, OW) output, the column matrix has one row per (c, ki, kj) — C·KH·KW rows, in the order of the
/// weight's (C, KH, KW) axes — and one column per output pixel (OH·OW, row-major), holding the input value the
/// kernel tap (ki, kj) of channel c sees at that pixel, or zero in the padding. Then
/// <c>W (outC × C·KH·KW) · cols = y (outC × OH·OW)</c>, which is exactly the NCHW output of one image.
/// Both directions work a row segment (one output row for one tap) at a time: the in-bounds part of the segment is
/// a contiguous copy (or add) of an input row when the stride is 1, and a strided loop otherwise.
/// </summary>
internal static class Im2Col
{
    /// <summary>Fills <paramref name="cols"/> ((C·KH·KW) × (OH·OW)) from the image <paramref name="x"/> (C × H × W).</summary>
    public static void Gather<T>(ReadOnlySpan<T> x, int c, int h, int w, in Window2d g, int oh, int ow, Span<T> cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int p = oh * ow, row = 0;
        for (var ch = 0; ch < c; ch++)
            for (var ki = 0; ki < g.KH; ki++)
                for (var kj = 0; kj < g.KW; kj++, row++)
                {
                    var dst = cols.Slice(row * p, p);
                    var colOff = kj * g.DW - g.PW;
                    var (lo, hi) = Valid(colOff, w, g.SW, ow);
                    for (var o = 0; o < oh; o++)
                    {
                        var seg = dst.Slice(o * ow, ow);
                        var ih = o * g.SH - g.PH + ki * g.DH;
                        if ((uint)ih >= (uint)h || lo >= hi) { seg.Clear(); continue; }
                        seg[..lo].Clear();
                        seg[hi..].Clear();
                        var src = x.Slice((ch * h + ih) * w, w);
                        if (g.SW == 1) src.Slice(lo + colOff, hi - lo).CopyTo(seg[lo..hi]);
                        else
                            for (int j = lo, iw = lo * g.SW + colOff; j < hi; j++, iw += g.SW) seg[j] = src[iw];
                    }
                }
    }

    /// <summary>Adds the columns <paramref name="cols"/> back onto the image gradient <paramref name="dx"/> (C × H × W): the adjoint of <see cref="Gather"/>.</summary>
    public static void Scatter<T>(ReadOnlySpan<T> cols, int c, int h, int w, in Window2d g, int oh, int ow, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int p = oh * ow, row = 0;
        for (var ch = 0; ch < c; ch++)
            for (var ki = 0; ki < g.KH; ki++)
                for (var kj = 0; kj < g.KW; kj++, row++)
                {
                    var src = cols.Slice(row * p, p);
                    var colOff = kj * g.DW - g.PW;
                    var (lo, hi) = Valid(colOff, w, g.SW, ow);
                    if (lo >= hi) continue;
                    for (var o = 0; o < oh; o++)
                    {
                        var ih = o * g.SH - g.PH + ki * g.DH;
                        if ((uint)ih >= (uint)h) continue;
                        var seg = src.Slice(o * ow, ow);
                        var dst = dx.Slice((ch * h + ih) * w, w);
                        if (g.SW == 1)
                        {
                            var d = dst.Slice(lo + colOff, hi - lo);
                            TP.Add(d, seg[lo..hi], d);
                        }
                        else
                            for (int j = lo, iw = lo * g.SW + colOff; j < hi; j++, iw += g.SW) dst[iw] += seg[j];
                    }
                }
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
