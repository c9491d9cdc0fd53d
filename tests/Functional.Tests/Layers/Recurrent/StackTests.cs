using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Recurrent;

public class StackTests
{
    private static Gen<(Stack Stack, Tensor<double> X, int[] Lengths, Rng Seed)> Cases() =>
        from s in Rec.Sequences()
        from kind in Rec.Cells(s[2])
        from n in Gen.Choose(1, 3)
        from bi in Gen.Elements(false, true)
        from dropout in Gen.Elements(0.0, 0.3, 0.6)
        from x in Gens.Tensor(s)
        from lengths in Rec.Lengths(s)
        from seed in Gens.Rng()
        let h = kind.HiddenSize
        select (new Stack(n, k =>
        {
            var scan = new Scan(kind.WithInputSize(k == 0 ? s[2] : h * (bi ? 2 : 1)));
            return bi ? new Bidirectional(scan) : (SequenceLayer)scan;
        }, dropout), x, lengths, seed);

    [Property(MaxTest = 40)]
    public Property GradientsInTrainModeMatchFiniteDifferences()
        => GradientProperty.ForLayer(Cases().Select(c => new LayerCase(new AllOutputs(c.Stack, c.Lengths), c.X, c.Seed, Context.Train(c.Seed.Fold(7)))));

    [Property(MaxTest = 30)]
    public Property InitialStateGradientsMatchFiniteDifferences()
        => GradientProperty.ForLayer(Cases().Select(c =>
        {
            var n = c.Stack.NumLayers * c.Stack.Directions * c.X.Shape[0] * c.Stack.HiddenSize * (c.Stack.HasCellState ? 2 : 1);
            return new LayerCase(new FromInitial(c.Stack, c.X), Gens.TensorFrom(c.Seed.Fold(9), Shape.Of(n)), c.Seed, Context.Eval);
        }));

    [Property(MaxTest = 40)]
    public Property DropoutIsTheIdentityInEval()
        => Prop.ForAll(Arb.From(Cases()), c =>
        {
            var without = new Stack(c.Stack.Layers, 0);
            var p = c.Stack.InitParams<double>(c.Seed);
            var a = c.Stack.Run(p, c.X, Context.Eval, c.Lengths);
            var b = without.Run(p, c.X, Context.Eval, c.Lengths);
            TensorAssert.Equal(b.Output.Sequence, a.Output.Sequence, "output");
            TensorAssert.Equal(b.Output.H, a.Output.H, "h_n");
        });

    [Property(MaxTest = 30)]
    public Property IsTheLayersComposed()
        => Prop.ForAll(Arb.From(Cases()), c =>
        {
            var p = (RecurrentParams<double>)c.Stack.InitParams<double>(c.Seed);
            var x = c.X;
            var hs = new List<Tensor<double>>();
            for (var k = 0; k < c.Stack.Layers.Length; k++)
            {
                var r = c.Stack.Layers[k].Run(p[k], x, Context.Eval);
                (x, _) = (r.Output.Sequence, 0);
                hs.Add(r.Output.H);
            }
            var all = c.Stack.Run(p, c.X, Context.Eval);
            TensorAssert.Equal(x, all.Output.Sequence, "output of the last layer");
            TensorAssert.Equal(Tensor.Cat(hs), all.Output.H, "h_n: layers in order");
        });

    [Fact]
    public void DropoutAppliesBetweenLayersOnlyAndDependsOnTheKey()
    {
        var one = new Stack(1, _ => new Scan(new LstmCell(2, 3)), dropout: 0.9);
        var x = Tensor.Randn<double>(new Rng(1), 2, 4, 2);
        var p = one.InitParams<double>(new Rng(2));
        TensorAssert.Equal(one.Run(p, x, Context.Eval).Output.Sequence, one.Run(p, x, Context.Train(3)).Output.Sequence, "a single layer has no dropout");
        var two = new Stack(2, k => new Scan(new LstmCell(k == 0 ? 2 : 3, 3)), dropout: 0.5);
        var p2 = two.InitParams<double>(new Rng(2));
        Assert.False(Tensor.Equal(two.Run(p2, x, Context.Eval).Output.Sequence, two.Run(p2, x, Context.Train(3)).Output.Sequence));
        TensorAssert.Equal(two.Run(p2, x, Context.Train(3)).Output.Sequence, two.Run(p2, x, Context.Train(3)).Output.Sequence, "same key, same mask");
    }

    [Fact]
    public void LayersMustChain()
    {
        var e = Assert.Throws<ArgumentException>(() => new Stack([new Scan(new GruCell(2, 3)), new Scan(new GruCell(4, 3))]));
        Assert.Contains("layer 1", e.Message);
    }
}
