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
            // The two halves run side by side, each with its GEMMs on its own thread (serial): the same bits as those
            // scans run one after the other, and the public scans' values up to the GEMM backend's rounding.
            var f = c.Bi.Forward.Run(p[0], c.X, c.Lengths, serial: true);
            var b = c.Bi.Backward.Run(p[1], c.X, c.Lengths, serial: true);
            TensorAssert.Equal(Tensor.Cat([f.Output.Sequence, b.Output.Sequence], -1), y.Output.Sequence, "forward then backward per step");
            TensorAssert.Equal(Tensor.Cat([f.Output.H, b.Output.H]), y.Output.H, "h_n rows: forward, backward");
            var fp = c.Bi.Forward.Run(p[0], c.X, Context.Eval, c.Lengths);
            TensorAssert.Close(fp.Output.Sequence, f.Output.Sequence, 1e-12, "the serial scan against the public one");

            var dy = Tensor.Randn<double>(new Rng(9), y.Output.Sequence.Shape.ToArray());
            var dh = Tensor.Randn<double>(new Rng(10), y.Output.H.Shape.ToArray());
            var dc = y.Output.C is null ? null : Tensor.Randn<double>(new Rng(11), y.Output.C.Shape.ToArray());
            var g = y.Pullback(new RecurrentOutput<double>(dy, dh, dc), true);
            var dys = Tensor.Split(dy, [c.Bi.HiddenSize, c.Bi.HiddenSize], -1);
            var gf = f.Pullback(new RecurrentOutput<double>(dys[0], dh.Slice(0, 0, 1), dc?.Slice(0, 0, 1)), true);
            var gb = b.Pullback(new RecurrentOutput<double>(dys[1], dh.Slice(0, 1, 2), dc?.Slice(0, 1, 2)), true);
            TensorAssert.Equal(new RecurrentParams<double>([gf.Params, gb.Params]), g.Params, "parameter gradients");
            TensorAssert.Equal(gf.Input!.Sequence + gb.Input!.Sequence, g.Input!.Sequence, "input gradient: the sum of the halves'");
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
