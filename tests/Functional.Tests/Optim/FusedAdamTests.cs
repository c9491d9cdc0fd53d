using System.Numerics;
using Functional;

namespace Functional.Tests.Optimization;

/// <summary>
/// The training fold's fused Adam step (update, decay, learning-rate scale and <c>ApplyUpdates</c> in one pass) gives
/// the same bits as the unfused chain, for every chain it recognises, and leaves other chains to the unfused path.
/// </summary>
public class FusedAdamTests
{
    // Leaves of awkward lengths: below, at and above a vector, and one long enough to be split across threads.
    static Tree<T> Tree<T>(Random rng, double scale) where T : unmanaged, IFloatingPointIeee754<T>
        => new PathTree<T>([("a.weight", Random<T>(rng, scale, 3, 7)), ("a.bias", Random<T>(rng, scale, 17)), ("b.weight", Random<T>(rng, scale, 300, 257))]);

    static Tensor<T> Random<T>(Random rng, double scale, params int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, n).Select(_ => T.CreateChecked((rng.NextDouble() * 2 - 1) * scale)).ToArray(), shape);
    }

    public static TheoryData<string> Chains => new() { "adam", "adam-l2", "adamw", "adamw-masked", "amsgrad", "adamw-amsgrad", "clip-adam", "nested", "every-update", "mean-then-adam" };

    static GradientTransformation Make(string name) => name switch
    {
        "adam" => Optim.Adam(1e-2),
        "adam-l2" => Optim.Adam(1e-2, weightDecay: 0.1),
        "adamw" => Optim.AdamW(1e-2, weightDecay: 0.05),
        "adamw-masked" => Optim.Chain(new ScaleByAdam(), new AddDecayedWeights(0.05, path => path.EndsWith(".weight", StringComparison.Ordinal)), new ScaleByLearningRate(1e-2)),
        "amsgrad" => Optim.Adam(3e-3, amsgrad: true),
        "adamw-amsgrad" => Optim.AdamW(3e-3, amsgrad: true),
        "clip-adam" => Optim.Chain(new ClipByGlobalNorm(0.5), new ScaleByAdam(0.8, 0.99, 1e-6), new ScaleByLearningRate(1e-2)),
        "nested" => Optim.Chain(new ClipByGlobalNorm(0.5), Optim.Chain(new ClipByValue(0.3), Optim.AdamW(1e-2))),
        "every-update" => Optim.Chain(new ScaleByAdam(), new ScaleByLearningRate(new ExponentialLR(1e-2, 0.9), StepEveryUpdate: true)),
        "mean-then-adam" => Optim.Chain(new Scale(0.5), Optim.Adam(1e-2)),
        _ => throw new ArgumentException(name),
    };

    static void Same<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(name.Length * 31 + typeof(T).Name.Length);
        var opt = Make(name);
        var p = Tree<T>(rng, 1.0);
        var (pu, su, pf, sf) = (p, opt.Init(p), p, opt.Init(p));
        Assert.True(FusedAdam.Fuses<T>(opt, sf), $"{name} should fuse");
        for (var step = 0; step < 12; step++)
        {
            // Gradients of mixed magnitudes, some tiny enough that the moments flush to zero.
            var g = Tree<T>(rng, step % 4 == 3 ? 1e-30 : 2.0);
            var (u, s) = opt.Update(g, su, pu);
            (pu, su) = (Optim.ApplyUpdates(pu, u), s);
            Assert.True(FusedAdam.TryStep(opt, g, sf, pf, out pf, out sf));
            Assert.Equal(Bits(pu), Bits(pf));
            Assert.Equal(StateBits<T>(su), StateBits<T>(sf));
        }
    }

    static long[] Bits<T>(Tree<T> t) where T : unmanaged, IFloatingPointIeee754<T>
        => t.Flatten().Select(x => BitConverter.DoubleToInt64Bits(double.CreateChecked(x))).ToArray();

    // Every part of a state, its moments as bits: records of trees compare their trees by reference.
    static string[] StateBits<T>(OptState s) where T : unmanaged, IFloatingPointIeee754<T>
        => s.DepthFirst().Select(part => part switch
        {
            ScaleByAdamState<T> a => $"adam {a.Count} m {string.Join(",", Bits(a.Mu))} v {string.Join(",", Bits(a.Nu))} max {(a.NuMax is null ? "-" : string.Join(",", Bits(a.NuMax)))}",
            LearningRateState l => $"lr {l.Count} {BitConverter.DoubleToInt64Bits(l.Lr)}",
            ChainState c => $"chain {c.Parts.Length}",
            var other => other.ToString(),
        }).ToArray();

    [Theory]
    [MemberData(nameof(Chains))]
    public void Float32_fused_step_is_bit_identical_to_the_chain(string name) => Same<float>(name);

    [Theory]
    [MemberData(nameof(Chains))]
    public void Float64_fused_step_is_bit_identical_to_the_chain(string name) => Same<double>(name);

    [Fact]
    public void Chains_without_an_Adam_suffix_are_left_to_the_unfused_path()
    {
        var p = Tree<float>(new Random(1), 1.0);
        foreach (var opt in new[] { Optim.Sgd(0.1, momentum: 0.9), Optim.RmsProp(1e-2), Optim.Chain(new ScaleByAdam()), Optim.Chain(Optim.Adam(1e-3), new ClipByValue(1.0)) })
        {
            var s = opt.Init(p);
            Assert.False(FusedAdam.TryStep(opt, p, s, p, out var p2, out var s2), opt.ToString());
            Assert.Same(p, p2);
            Assert.Same(s, s2);
        }
        // A state of the wrong kind is not fused either: the unfused path reports it in its own words.
        Assert.False(FusedAdam.Fuses<float>(Optim.Adam(1e-3), Optim.Sgd(0.1).Init(p)));
        Assert.False(FusedAdam.Fuses<double>(Optim.Adam(1e-3), Optim.Adam(1e-3).Init(p)));
    }

    [Fact]
    public void Trainer_epochs_are_bit_identical_with_and_without_fusion()
    {
        var rng = new Rng(18);
        var x = Tensor.FromArray(Enumerable.Range(0, 200 * 6).Select(i => (float)Math.Sin(i * 0.37)).ToArray(), 200, 6);
        var y = Tensor.FromArray(Enumerable.Range(0, 200).Select(i => (float)Math.Cos(i * 0.11)).ToArray(), 200, 1);
        var data = new Dataset<float>(x, y);
        var net = Nn.Sequential(Nn.Linear(6, 16), Nn.ReLU(), Nn.Linear(16, 1));
        var init = net.Init<float>(Shape.Of(-1, 6), rng);
        foreach (var opt in new[] { Optim.AdamW(1e-2), Optim.Chain(new ClipByGlobalNorm(1.0), Optim.Adam(1e-2, amsgrad: true)) })
        {
            var fused = new Trainer<float>(net, new MseLoss(), opt);
            var plain = fused with { Fuse = false };
            var (a, b) = (fused.Start(init, new Rng(2)), plain.Start(init, new Rng(2)));
            for (var e = 0; e < 3; e++)
            {
                double la, lb;
                (a, la) = fused.Epoch(a, data, 32);
                (b, lb) = plain.Epoch(b, data, 32);
                Assert.Equal(lb, la);
            }
            Assert.Equal(Bits(b.Params), Bits(a.Params));
            Assert.Equal(StateBits<float>(b.OptState), StateBits<float>(a.OptState));
        }
    }
}
