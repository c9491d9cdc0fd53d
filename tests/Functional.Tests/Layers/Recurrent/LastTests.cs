using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Recurrent;

/// <summary>A Last or LastHidden forward with lengths, as a plain layer for the gradient check.</summary>
internal sealed class WithLengths(Layer inner, int[] lengths) : Layer
{
    public override string ToString() => $"{inner} with lengths [{string.Join(",", lengths)}]";
    public override Initialized<T> Init<T>(Shape input, Rng rng) => inner.Init<T>(input, rng);
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
        => inner switch
        {
            Last l => l.Forward(parameters, state, input, context, lengths),
            LastHidden l => l.Forward(parameters, state, input, context, lengths),
            _ => throw new InvalidOperationException(),
        };
}

public class LastTests
{
    private static Gen<(SequenceLayer Layer, Tensor<double> X, int[] Lengths, Rng Seed)> Cases() =>
        from s in Rec.Sequences()
        from cell in Rec.Cells(s[2])
        from bi in Gen.Elements(false, true)
        from x in Gens.Tensor(s)
        from lengths in Rec.Lengths(s)
        from seed in Gens.Rng()
        select (bi ? new Bidirectional(new Scan(cell)) : (SequenceLayer)new Scan(cell), x, lengths, seed);

    [Property(MaxTest = 40)]
    public Property LastGradientsMatchFiniteDifferences()
        => GradientProperty.ForLayer(Cases().Select(c => new LayerCase(new WithLengths(c.Layer.Last(), c.Lengths), c.X, c.Seed, Context.Eval)));

    [Property(MaxTest = 40)]
    public Property LastHiddenGradientsMatchFiniteDifferences()
        => GradientProperty.ForLayer(Cases().Select(c => new LayerCase(new WithLengths(c.Layer.LastHidden(), c.Lengths), c.X, c.Seed, Context.Eval)));

    [Property(MaxTest = 40)]
    public Property LastIsTheOutputAtEachSequencesLastStep()
        => Prop.ForAll(Arb.From(Cases()), c =>
        {
            var p = c.Layer.InitParams<double>(c.Seed);
            var r = c.Layer.Run(p, c.X, Context.Eval, c.Lengths);
            var y = c.Layer.Last().Forward(p, Tree.Empty<double>(), c.X, Context.Eval, c.Lengths).Output;
            var yFull = c.Layer.Last().Forward(p, Tree.Empty<double>(), c.X, Context.Eval).Output;
            var full = c.Layer.Run(p, c.X, Context.Eval);
            var (t, f) = (c.X.Shape[1], c.Layer.OutputSize);
            for (var b = 0; b < c.X.Shape[0]; b++)
                for (var j = 0; j < f; j++)
                {
                    Assert.Equal(r.Output.Sequence[b, c.Lengths[b] - 1, j], y[b, j]);
                    Assert.Equal(full.Output.Sequence[b, t - 1, j], yFull[b, j]);     // output[:, -1]
                }
        });

    [Fact]
    public void LastHiddenIsTheFinalStatesWhileLastSeesOneBackwardStep()
    {
        var bi = new Bidirectional(new Scan(new GruCell(2, 3)));
        var p = bi.InitParams<double>(new Rng(4));
        var x = Tensor.Randn<double>(new Rng(5), 2, 4, 2);
        var r = bi.Run(p, x, Context.Eval);
        var hidden = bi.LastHidden().Forward(p, Tree.Empty<double>(), x, Context.Eval).Output;
        var last = bi.Last().Forward(p, Tree.Empty<double>(), x, Context.Eval).Output;
        for (var b = 0; b < 2; b++)
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(r.Output.H[0, b, j], hidden[b, j]);
                Assert.Equal(r.Output.H[1, b, j], hidden[b, 3 + j]);
                Assert.Equal(r.Output.H[0, b, j], last[b, j]);                  // forward half: the same state
                Assert.Equal(r.Output.Sequence[b, 0, 3 + j], hidden[b, 3 + j]);          // backward final state = output at step 0
            }
        // The backward half of output[:, -1] has seen only the last step: it does not depend on earlier steps.
        var changed = x.ToArray();
        changed[0] += 1;
        var last2 = bi.Last().Forward(p, Tree.Empty<double>(), Tensor.FromArray(changed, 2, 4, 2), Context.Eval).Output;
        for (var j = 0; j < 3; j++) Assert.Equal(last[0, 3 + j], last2[0, 3 + j]);
    }
}
