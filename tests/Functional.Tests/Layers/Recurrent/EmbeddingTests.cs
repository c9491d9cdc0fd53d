using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Recurrent;

public class EmbeddingTests
{
    private static Gen<LayerCase> Cases(bool padding = true) =>
        from n in Gen.Choose(1, 6)
        from d in Gen.Choose(1, 4)
        from pad in Gen.Frequency((2, Gen.Constant<int?>(null)), (padding ? 1 : 0, Gen.Choose(0, n - 1).Select(i => (int?)i)))
        from s in Gens.Shape(1, 2, maxDim: 4)
        from ids in Gens.ClassIndices(s, n)
        from seed in Gens.Rng()
        select new LayerCase(new Embedding(n, d, pad), ids, seed, Context.Eval);

    /// <summary>Without padding: the padding row's gradient is zero by definition (PyTorch's), not by calculus.</summary>
    [Property(MaxTest = 50)]
    public Property WeightGradientsMatchFiniteDifferences()
        => GradientProperty.ForLayer(Cases(padding: false), new GradCheckOptions(CheckInput: false));

    [Property(MaxTest = 50)]
    public Property LooksUpRowsAndSkipsThePaddingRowInTheGradient()
        => Prop.ForAll(Arb.From(Cases()), c =>
        {
            var e = (Embedding)c.Layer;
            var init = e.Init<double>(c.Input.Shape, c.Seed);
            var w = ((WeightBias<double>)init.Params).Weight;
            if (e.PaddingIdx is { } p) Assert.All(Enumerable.Range(0, e.EmbeddingDim), j => Assert.Equal(0.0, w[p, j]));
            var f = e.Forward(init.Params, init.State, c.Input, Context.Eval);
            Assert.Equal(new Shape([.. c.Input.Shape.ToArray(), e.EmbeddingDim]), f.Output.Shape);
            var ids = c.Input.ToArray();
            for (var i = 0; i < ids.Length; i++)
                for (var j = 0; j < e.EmbeddingDim; j++) Assert.Equal(w[(int)ids[i], j], f.Output.Span[i * e.EmbeddingDim + j]);
            var g = f.Pullback(Tensor.Ones<double>(f.Output.Shape.ToArray()));
            var dw = ((WeightBias<double>)g.Params).Weight;
            for (var r = 0; r < e.NumEmbeddings; r++)
                Assert.Equal(r == e.PaddingIdx ? 0 : ids.Count(v => v == r), dw[r, 0]);
            Assert.All(g.Input!.ToArray(), v => Assert.Equal(0.0, v));
        });

    [Fact]
    public void RejectsIdsThatAreNotWholeOrOutOfRange()
    {
        var e = new Embedding(5, 2);
        var p = e.Init<double>(Shape.Of(1), new Rng(0)).Params;
        Assert.Throws<ArgumentOutOfRangeException>(() => e.Forward(p, Tree.Empty<double>(), Tensor.FromArray([1.5]), Context.Eval));
        Assert.Throws<ArgumentOutOfRangeException>(() => e.Forward(p, Tree.Empty<double>(), Tensor.FromArray([5.0]), Context.Eval));
        Assert.Equal(4, new Embedding(5, 2, paddingIdx: -1).PaddingIdx);
    }
}
