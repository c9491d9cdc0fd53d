using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Recurrent;

public class BidirectionalTests
{
    private static Gen<(Bidirectional Bi, Tensor<double> X, int[] Lengths, Rng Seed)> Cases() =>
        from s in Rec.Sequences()
        from cell in Rec.Cells(s[2])
        from x in Gens.Tensor(s)
        from lengths in Rec.Lengths(s)
        from seed in Gens.Rng()
        select (new Bidirectional(new Scan(cell)), x, lengths, seed);

    [Property(MaxTest = 50)]
    public Property GradientsMatchFiniteDifferences()
        => GradientProperty.ForLayer(Cases().Select(c => new LayerCase(new AllOutputs(c.Bi), c.X, c.Seed, Context.Eval)));

    [Property(MaxTest = 40)]
    public Property GradientsWithLengthsMatchFiniteDifferences()
        => GradientProperty.ForLayer(Cases().Select(c => new LayerCase(new AllOutputs(c.Bi, c.Lengths), c.X, c.Seed, Context.Eval)));

    private static Tensor<double> ReverseTime(Tensor<double> x)
    {
        var (b, t, f) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        var r = new double[x.Size];
        for (var i = 0; i < b; i++)
            for (var s = 0; s < t; s++) x.Span.Slice((i * t + s) * f, f).CopyTo(r.AsSpan((i * t + t - 1 - s) * f, f));
        return Tensor.FromArray(r, b, t, f);
    }

    private static Tensor<double> SwapHalves(Tensor<double> y, int dim)
    {
        var n = y.Shape[dim] / 2;
        var parts = Tensor.Split(y, [n, n], dim);
        return Tensor.Cat([parts[1], parts[0]], dim);
    }

    /// <summary>
    /// Running on the time-reversed sequence, with the two directions' parameters swapped, gives the time-reversed
    /// output with its halves swapped, and h_n with its rows swapped (Thinc's bidirectional fails this).
    /// </summary>
    [Property(MaxTest = 60)]
    public Property ReversedSequenceMirrorsTheOutput()
        => Prop.ForAll(Arb.From(Cases()), c =>
        {
            var p = (RecurrentParams<double>)c.Bi.InitParams<double>(c.Seed);
            var (f, b) = ((CellParams<double>)p[0], (CellParams<double>)p[1]);
            var swapped = new RecurrentParams<double>([b with { Suffix = f.Suffix }, f with { Suffix = b.Suffix }]);
            var y = c.Bi.Run(p, c.X, Context.Eval);
            var yr = c.Bi.Run(swapped, ReverseTime(c.X), Context.Eval);
            TensorAssert.Close(SwapHalves(ReverseTime(y.Output.Sequence), -1), yr.Output.Sequence, 1e-12, "mirrored output");
            TensorAssert.Close(SwapHalves(y.Output.H, 0), yr.Output.H, 1e-12, "mirrored h_n");
        });

    [Property(MaxTest = 40)]
    public Property HalvesAreTheTwoScans()
        => Prop.ForAll(Arb.From(Cases()), c =>
        {
            var p = (RecurrentParams<double>)c.Bi.InitParams<double>(c.Seed);
            var y = c.Bi.Run(p, c.X, Context.Eval, c.Lengths);
            var f = c.Bi.Forward.Run(p[0], c.X, Context.Eval, c.Lengths);
            var b = c.Bi.Backward.Run(p[1], c.X, Context.Eval, c.Lengths);
            TensorAssert.Equal(Tensor.Cat([f.Output.Sequence, b.Output.Sequence], -1), y.Output.Sequence, "forward then backward per step");
            TensorAssert.Equal(Tensor.Cat([f.Output.H, b.Output.H]), y.Output.H, "h_n rows: forward, backward");
        });

    [Fact]
    public void ParametersAreForwardThenReverse()
    {
        var bi = new Bidirectional(new Scan(new RnnCell(3, 2)));
        Assert.Equal(["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
            "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse"], bi.InitParams<double>(new Rng(0)).Paths());
        Assert.Throws<ArgumentException>(() => new Bidirectional(new Scan(new RnnCell(3, 2)), new Scan(new RnnCell(3, 2))));
    }
}
