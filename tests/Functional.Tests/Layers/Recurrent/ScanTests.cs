using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Recurrent;

public class ScanTests
{
    private static Gen<(Scan Scan, Tensor<double> X, int[] Lengths, Rng Seed)> Cases(int maxTruncate = 0) =>
        from s in Rec.Sequences()
        from cell in Rec.Cells(s[2])
        from reverse in Gen.Elements(false, true)
        from k in Gen.Choose(0, maxTruncate)
        from x in Gens.Tensor(s)
        from lengths in Rec.Lengths(s)
        from seed in Gens.Rng()
        select (new Scan(cell, reverse, k), x, lengths, seed);

    [Property(MaxTest = 60)]
    public Property GradientsThroughTimeMatchFiniteDifferences()
        => GradientProperty.ForLayer(Cases().Select(c => new LayerCase(new AllOutputs(c.Scan), c.X, c.Seed, Context.Eval)));

    [Property(MaxTest = 60)]
    public Property GradientsWithLengthsMatchFiniteDifferences()
        => GradientProperty.ForLayer(Cases().Select(c => new LayerCase(new AllOutputs(c.Scan, c.Lengths), c.X, c.Seed, Context.Eval)));

    [Property(MaxTest = 40)]
    public Property InitialStateGradientsMatchFiniteDifferences()
        => GradientProperty.ForLayer(Cases().Select(c =>
        {
            var h = c.Scan.HiddenSize * c.X.Shape[0] * (c.Scan.HasCellState ? 2 : 1);
            return new LayerCase(new FromInitial(c.Scan, c.X, c.Lengths), Gens.TensorFrom(c.Seed.Fold(9), Shape.Of(h)), c.Seed, Context.Eval);
        }));

    [Property(MaxTest = 50)]
    public Property LayerForwardIsTheOutputOfRun()
        => GradientProperty.ForLayer(Cases().Select(c => new LayerCase(c.Scan, c.X, c.Seed, Context.Eval)));

    [Property(MaxTest = 50)]
    public Property FullLengthsEqualNoLengths()
        => Prop.ForAll(Arb.From(Cases()), c =>
        {
            var p = c.Scan.InitParams<double>(c.Seed);
            var full = Enumerable.Repeat(c.X.Shape[1], c.X.Shape[0]).ToArray();
            var a = c.Scan.Run(p, c.X, Context.Eval);
            var b = c.Scan.Run(p, c.X, Context.Eval, full);
            TensorAssert.Equal(a.Output.Sequence, b.Output.Sequence, "output");
            TensorAssert.Equal(a.Output.H, b.Output.H, "h_n");
            var u = Tensor.Randn<double>(c.Seed.Fold(5), a.Output.Sequence.Shape.ToArray());
            TensorAssert.Equal(a.Pullback(a.Output.Gradient(u)).Params, b.Pullback(b.Output.Gradient(u)).Params, "gradients");
        });

    /// <summary>Packed-sequence semantics: in a padded batch, each sequence behaves as if run alone on its own prefix.</summary>
    [Property(MaxTest = 50)]
    public Property EachSequenceBehavesAsItsPrefixAlone()
        => Prop.ForAll(Arb.From(Cases()), c =>
        {
            var p = c.Scan.InitParams<double>(c.Seed);
            var r = c.Scan.Run(p, c.X, Context.Eval, c.Lengths);
            var (t, f, h) = (c.X.Shape[1], c.X.Shape[2], c.Scan.HiddenSize);
            for (var b = 0; b < c.X.Shape[0]; b++)
            {
                var len = c.Lengths[b];
                var alone = c.Scan.Run(p, Tensor.FromArray(c.X.Span.Slice(b * t * f, len * f).ToArray()).Reshape(1, len, f), Context.Eval);
                var row = r.Output.Sequence.Span.Slice(b * t * h, t * h).ToArray();
                TensorAssert.Close(alone.Output.Sequence.Reshape(len * h), Tensor.FromArray(row[..(len * h)]), 1e-12, $"output of sequence {b}");
                Assert.All(row[(len * h)..], v => Assert.Equal(0.0, v));
                TensorAssert.Close(alone.Output.H.Reshape(h), Tensor.FromArray(r.Output.H.Span.Slice(b * h, h).ToArray()), 1e-12, $"h_n of sequence {b}");
            }
        });

    [Property(MaxTest = 50)]
    public Property TruncationAtOrBeyondTheLengthIsFullBptt()
        => Prop.ForAll(Arb.From(from c in Cases() from extra in Gen.Choose(0, 3) select (c, extra)), t =>
        {
            var (c, extra) = t;
            var truncated = new Scan(c.Scan.Cell, c.Scan.Reverse, c.X.Shape[1] + extra);
            var p = c.Scan.InitParams<double>(c.Seed);
            var a = c.Scan.Run(p, c.X, Context.Eval);
            var b = truncated.Run(p, c.X, Context.Eval);
            var u = Tensor.Randn<double>(c.Seed.Fold(5), a.Output.Sequence.Shape.ToArray());
            var (ga, gb) = (a.Pullback(a.Output.Gradient(u)), b.Pullback(b.Output.Gradient(u)));
            TensorAssert.Equal(ga.Params, gb.Params, "parameter gradients");
            TensorAssert.Equal(ga.Input!.Sequence, gb.Input!.Sequence, "input gradient");
        });

    [Fact]
    public void TruncationCutsTheGradientAcrossChunksButNotTheForwardPass()
    {
        var cell = new GruCell(2, 3);
        var x = Tensor.Randn<double>(new Rng(1), 2, 6, 2);
        var p = cell.Init<double>(new Rng(2), "_l0");
        var full = new Scan(cell).Run(p, x, Context.Eval);
        var cut = new Scan(cell, truncate: 2).Run(p, x, Context.Eval);
        TensorAssert.Equal(full.Output.Sequence, cut.Output.Sequence, "forward");
        // Only the last step's output is pulled back: with k = 2 the input gradient before step 4 is zero.
        var u = new double[2 * 6 * 3];
        for (var b = 0; b < 2; b++) for (var j = 0; j < 3; j++) u[(b * 6 + 5) * 3 + j] = 1;
        var dx = cut.Pullback(cut.Output.Gradient(Tensor.FromArray(u, 2, 6, 3))).Input!.Sequence;
        var dxFull = full.Pullback(full.Output.Gradient(Tensor.FromArray(u, 2, 6, 3))).Input!.Sequence;
        for (var b = 0; b < 2; b++)
            for (var t = 0; t < 6; t++)
                for (var j = 0; j < 2; j++)
                {
                    var v = dx[b, t, j];
                    if (t < 4) Assert.Equal(0.0, v);
                    else Assert.Equal(dxFull[b, t, j], v, 12);
                }
        Assert.NotEqual(0.0, dxFull[0, 0, 0]);
    }

    [Fact]
    public void ParametersAreNamedPerLayerAndDirection()
    {
        var s = new Scan(new LstmCell(3, 4), reverse: true, layer: 2);
        Assert.Equal(["weight_ih_l2_reverse", "weight_hh_l2_reverse", "bias_ih_l2_reverse", "bias_hh_l2_reverse"],
            s.Init<double>(Shape.Of(-1, 5, 3), new Rng(0)).Params.Paths());
        Assert.Equal(Shape.Of(-1, 5, 4), s.OutputShape(Shape.Of(-1, 5, 3)));
    }

    [Fact]
    public void ShapeAndLengthErrorsNameTheLayer()
    {
        var s = new Scan(new GruCell(3, 4));
        var e = Assert.Throws<ShapeMismatchException>(() => s.Init<double>(Shape.Of(2, 5, 2), new Rng(0)));
        Assert.Contains("GRUCell(3, 4)", e.Message);
        Assert.Contains("[2, 5, 2]", e.Message);
        var p = s.InitParams<double>(new Rng(0));
        Assert.Throws<ArgumentException>(() => s.Run(p, Tensor.Zeros<double>(2, 5, 3), Context.Eval, [5, 6]));
        Assert.Throws<ArgumentException>(() => s.Run(p, Tensor.Zeros<double>(2, 5, 3), Context.Eval, [5]));
    }
}
