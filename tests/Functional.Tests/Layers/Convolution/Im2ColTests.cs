using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Functional.Tests.Layers.Convolution;

/// <summary>
/// The column matrix against its definition, element by element: row (c, ki, kj), column (o, j) holds
/// x[c, o·sh + ki·dh − ph, j·sw + kj·dw − pw], or zero in the padding; and Scatter is its adjoint (it adds each
/// column entry back onto that input element). Half the shapes pad to the input's width (3×3 with padding 1, 5×5 with
/// padding 2, dilation 2 with padding 2, 1×1), as the book's CNN does; the rest pad freely. Strides 1 and 2, and a
/// column block wider than one image (row stride ld), as Conv2d lays out a chunk of images.
/// </summary>
public sealed class Im2ColTests
{
    static readonly Gen<(int C, int H, int W, Window2d G)> Shapes =
        from c in Gen.Choose(1, 3)
        from h in Gen.Choose(1, 9)
        from w in Gen.Choose(1, 9)
        from kh in Gen.Choose(1, 5)
        from kw in Gen.Choose(1, 5)
        from sh in Gen.Elements(1, 1, 2)
        from sw in Gen.Elements(1, 1, 2)
        from dh in Gen.Elements(1, 1, 2)
        from dw in Gen.Elements(1, 1, 2)
        from same in Gen.Elements(true, false)   // half the cases pad to the input's width
        from ph in Gen.Choose(0, 2)
        from pw in Gen.Choose(0, 2)
        let g = same ? new Window2d(kh, kw, sh, sw, dh * (kh - 1) / 2, dw * (kw - 1) / 2, dh, dw) : new Window2d(kh, kw, sh, sw, ph, pw, dh, dw)
        where g.OutH(h) > 0 && g.OutW(w) > 0
        select (c, h, w, g);

    static int Source(int c, int h, int w, Window2d g, int row, int o, int j)
    {
        var (ch, ki, kj) = (row / (g.KH * g.KW), row / g.KW % g.KH, row % g.KW);
        int ih = o * g.SH + ki * g.DH - g.PH, iw = j * g.SW + kj * g.DW - g.PW;
        return ih < 0 || ih >= h || iw < 0 || iw >= w ? -1 : (ch * h + ih) * w + iw;
    }

    [Property(MaxTest = 300)]
    public Property Gather_matches_the_definition_and_Scatter_is_its_adjoint() => Prop.ForAll(Shapes.ToArbitrary(), s =>
    {
        var (c, h, w, g) = s;
        int oh = g.OutH(h), ow = g.OutW(w), rows = c * g.KH * g.KW, extra = 3, ld = oh * ow + extra;   // a wider block: row stride ld
        var x = Enumerable.Range(0, c * h * w).Select(i => (double)(i + 1)).ToArray();
        var cols = Enumerable.Repeat(double.NaN, rows * ld).ToArray();   // every entry Gather owns must be written
        Im2Col.Gather<double>(x, c, h, w, g, oh, ow, cols, ld);
        var dx = new double[x.Length];
        var expected = new double[x.Length];
        for (var r = 0; r < rows; r++)
            for (var o = 0; o < oh; o++)
                for (var j = 0; j < ow; j++)
                {
                    var src = Source(c, h, w, g, r, o, j);
                    var got = cols[r * ld + o * ow + j];
                    if (got != (src < 0 ? 0 : x[src])) return false.Label($"Gather row {r} pixel ({o}, {j}): {got}, expected {(src < 0 ? 0 : x[src])}");
                    var v = (r * 31 + o * 7 + j) % 11 - 5.0;   // Scatter input: distinct small integers, so sums are exact
                    cols[r * ld + o * ow + j] = v;
                    if (src >= 0) expected[src] += v;
                }
        Im2Col.Scatter<double>(cols, ld, c, h, w, g, oh, ow, dx);
        return dx.SequenceEqual(expected).Label("Scatter adds each column entry onto its input element");
    });
}
