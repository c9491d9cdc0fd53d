using Functional.Testing;
using FsCheck.Xunit;

namespace Functional.Tests.Layers.Normalization;

public class BatchNormProperties
{
    /// <summary>A layer and an input of a random layout: (N, C), (N, C, L) or (N, C, H, W), N ≥ 2.</summary>
    private static (BatchNorm Layer, Tensor<double> Input) Case(byte layout, byte n, byte c, byte l, ulong seed)
    {
        int bn = 2 + n % 3, bc = 1 + c % 3, bl = 1 + l % 3;
        int[] shape = (layout % 3) switch { 0 => [bn, bc], 1 => [bn, bc, bl], _ => [bn, bc, bl, 1 + (l / 3) % 3] };
        BatchNorm layer = layout % 3 == 2 ? new BatchNorm2d(bc) : new BatchNorm1d(bc);
        // Noise plus a spread along the batch keeps every channel's variance away from zero,
        // where finite differences lose their accuracy.
        var noise = Tensor.Randn<double>(new Rng(seed), shape);
        var spread = Tensor.FromArray(Enumerable.Range(0, noise.Size).Select(i => 1.5 * (i / (noise.Size / bn))).ToArray(), shape);
        return (layer, noise + spread);
    }

    private static Tree<double> RandomParams(BatchNorm layer, ulong seed)
        => new WeightBias<double>(Tensor.Randn<double>(new Rng(seed).Fold(1), layer.NumFeatures) + 1.0,
            Tensor.Randn<double>(new Rng(seed).Fold(2), layer.NumFeatures));

    [Property(MaxTest = 100)]
    public void TrainGradientMatchesFiniteDifferences(byte layout, byte n, byte c, byte l, ulong seed)
    {
        var (layer, x) = Case(layout, n, c, l, seed);
        var init = layer.Init<double>(x.Shape, new Rng(seed));
        GradCheck.Assert(GradCheck.Layer(layer, x, RandomParams(layer, seed), init.State, Context.Train(seed), new Rng(seed)));
    }

    [Property(MaxTest = 100)]
    public void EvalGradientMatchesFiniteDifferences(byte layout, byte n, byte c, byte l, ulong seed)
    {
        var (layer, x) = Case(layout, n, c, l, seed);
        var k = layer.NumFeatures;
        var stats = new RunningStats<double>(Tensor.Randn<double>(new Rng(seed).Fold(3), k),
            Tensor.Rand<double>(new Rng(seed).Fold(4), k) + 0.5, Tensor.Scalar(7.0));
        GradCheck.Assert(GradCheck.Layer(layer, x, RandomParams(layer, seed), stats, Context.Eval, new Rng(seed)));
    }

    [Property(MaxTest = 20)]
    public void EvalOutputApproachesTrainOutputAfterManySteps(byte layout, byte n, byte c, byte l, ulong seed)
    {
        var (layer, x) = Case(layout, n, c, l, seed);
        var p = RandomParams(layer, seed);
        var state = layer.Init<double>(x.Shape, new Rng(0)).State;
        var train = layer.Forward(p, state, x, Context.Train(seed)).Output;
        for (var step = 0; step < 400; step++) state = layer.Forward(p, state, x, Context.Train(seed)).State;
        var eval = layer.Forward(p, state, x, Context.Eval).Output;
        // The running variance converges to the unbiased variance, M/(M-1) times the biased one the
        // train mode divides by, so eval output is within a factor √((M-1)/M) ≥ 1 - 1/M of train output.
        var m = x.Size / layer.NumFeatures;
        var bias = ((WeightBias<double>)p).Bias!;
        for (var i = 0; i < x.Size; i++)
        {
            var channel = i / (x.Size / x.Shape[0] / layer.NumFeatures) % layer.NumFeatures;
            var centered = Math.Abs(train.Span[i] - bias.Span[channel]);
            Assert.True(Math.Abs(eval.Span[i] - train.Span[i]) <= centered / m + 1e-9,
                $"element {i}: eval {eval.Span[i]}, train {train.Span[i]}, M = {m}");
        }
    }
}
