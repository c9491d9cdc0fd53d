using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;

namespace Functional.Tests.Combinators;

/// <summary>
/// A Sequential runs Linear followed by ReLU or LeakyReLU (slope ≥ 0) as one fused layer. Its output, state, parameter
/// gradients and input gradient have the bits of the two layers run one after the other, even on NaN, ±∞ and ±0, and
/// its pullback matches finite differences.
/// </summary>
public class LinearRectifierFusionTests
{
    static Layer Rectifier(int kind) => kind switch { 0 => Nn.ReLU(), 1 => Nn.LeakyReLU(0.01), 2 => Nn.LeakyReLU(0), 3 => Nn.LeakyReLU(0.3), _ => Nn.LeakyReLU(-0.5) };

    // The same layers, each run on its own (what the fused path must reproduce).
    static (Tensor<T> Output, Tree<T>[] Grads, Tensor<T> Dx) Apart<T>(Layer[] layers, Initialized<T> init, Tensor<T> x, Tensor<T> dy)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = (TreeList<T>)init.Params;
        var s = (TreeList<T>)init.State;
        var forwards = new Forward<T>[layers.Length];
        var h = x;
        for (var i = 0; i < layers.Length; i++) { forwards[i] = layers[i].Forward(p.Items[i], s.Items[i], h, Context.Eval); h = forwards[i].Output; }
        var grads = new Tree<T>[layers.Length];
        var g = dy;
        for (var i = layers.Length - 1; i >= 0; i--) { var r = forwards[i].Pullback(g, true); grads[i] = r.Params; g = r.Input!; }
        return (h, grads, g);
    }

    static long[] Bits<T>(IEnumerable<T> xs) where T : unmanaged, IFloatingPointIeee754<T>
        => xs.Select(v => BitConverter.DoubleToInt64Bits(double.CreateChecked(v))).ToArray();

    static void Same<T>(int seed, int rows, int inF, int hidden, int outF, int kind, bool bias, bool specials) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layers = new[] { Nn.Linear(inF, hidden, bias), Rectifier(kind), Nn.Linear(hidden, outF), Rectifier((kind + 1) % 5) };
        var net = new Sequential(layers);
        var init = net.Init<T>(Shape.Of(-1, inF), new Rng((ulong)seed));
        var r = new Random(seed);
        var special = new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0 };
        var x = Tensor.FromArray(Enumerable.Range(0, rows * inF).Select(i => T.CreateChecked(specials && i % 13 == 5 ? special[i % 5] : r.NextDouble() * 4 - 2)).ToArray(), rows, inF);
        var dy = Tensor.FromArray(Enumerable.Range(0, rows * outF).Select(_ => T.CreateChecked(r.NextDouble() * 2 - 1)).ToArray(), rows, outF);
        var fused = net.Forward(init.Params, init.State, x, Context.Eval);
        var grads = fused.Pullback(dy, true);
        var (output, apartGrads, dx) = Apart(layers, init, x, dy);
        Assert.Equal(Bits(output.ToArray()), Bits(fused.Output.ToArray()));
        Assert.Equal(Bits(dx.ToArray()), Bits(grads.Input!.ToArray()));
        var fusedGrads = ((TreeList<T>)grads.Params).Items;
        for (var i = 0; i < layers.Length; i++) Assert.Equal(Bits(apartGrads[i].Flatten()), Bits(fusedGrads[i].Flatten()));
        Assert.Equal(init.State.Flatten(), fused.State.Flatten());
    }

    [Property(MaxTest = 60)]
    public Property Float32_bits_equal_the_layers_run_apart()
        => Prop.ForAll(Arb.From(from seed in Gen.Choose(0, 10_000)
                                from rows in Gen.Choose(1, 40) from i in Gen.Choose(1, 50) from h in Gen.Choose(1, 70) from o in Gen.Choose(1, 20)
                                from kind in Gen.Choose(0, 4) from bias in Gen.Elements(true, false) from specials in Gen.Elements(true, false)
                                select (seed, rows, i, h, o, kind, bias, specials)),
            t => Same<float>(t.seed, t.rows, t.i, t.h, t.o, t.kind, t.bias, t.specials));

    [Property(MaxTest = 30)]
    public Property Float64_bits_equal_the_layers_run_apart()
        => Prop.ForAll(Arb.From(from seed in Gen.Choose(0, 10_000)
                                from rows in Gen.Choose(1, 20) from i in Gen.Choose(1, 30) from h in Gen.Choose(1, 40) from o in Gen.Choose(1, 10)
                                from kind in Gen.Choose(0, 4) from bias in Gen.Elements(true, false)
                                select (seed, rows, i, h, o, kind, bias)),
            t => Same<double>(t.seed, t.rows, t.i, t.h, t.o, t.kind, t.bias, specials: true));

    [Fact]
    public void Large_layers_split_across_threads_keep_the_bits() => Same<float>(7, 300, 784, 256, 10, 0, true, false);

    [Property(MaxTest = 100)]
    public Property Pullback_matches_finite_differences()
        => GradientProperty.ForLayer(s => from h in Gen.Choose(1, 12) from kind in Gen.Choose(0, 3)
                                          select (Layer)new Sequential(Nn.Linear(s[-1], h), Rectifier(kind), Nn.Linear(h, 3)),
            Gens.Shape(minRank: 2, maxRank: 2, minDim: 1, maxDim: 6));

    [Fact]
    public void A_shape_mismatch_still_names_the_layer()
    {
        var net = new Sequential(Nn.Linear(4, 3), Nn.ReLU());
        var init = net.Init<float>(Shape.Of(-1, 4), new Rng(1));
        var e = Assert.Throws<ShapeMismatchException>(() => net.Forward(init.Params, init.State, Tensor.Zeros<float>(2, 5), Context.Eval));
        Assert.Contains("Linear(4 -> 3)", e.Message);
        Assert.Contains("got 5", e.Message);
        Assert.StartsWith("layer 0 ", e.Message);
    }
}
