using System.Numerics;
using Functional.Onnx.Graph;

namespace Functional.Onnx.Exporters;

/// <summary>BatchNorm1d and BatchNorm2d in eval mode: BatchNormalization on the running statistics.</summary>
internal static class NormalizationExport
{
    public static Value BatchNorm<T>(Exporter<T> e, BatchNorm b, Tree<T> p, Tree<T> s, Value x, Scope scope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!b.TrackRunningStats)
            throw scope.Unsupported(b, "without running statistics (track_running_stats=false) eval mode normalizes by batch statistics, which ONNX's BatchNormalization does not compute");
        var stats = scope.Expect<RunningStats<T>>(b, s, "state");
        var c = b.NumFeatures;
        string scale, bias;
        if (b.Affine)
        {
            var wb = scope.Expect<WeightBias<T>>(b, p);
            if (wb.Bias is null) throw scope.Unsupported(b, "an affine batch norm needs a bias");
            (scale, bias) = (e.G.Initializer(scope.Prefix + "weight", wb.Weight), e.G.Initializer(scope.Prefix + "bias", wb.Bias));
        }
        else
        {
            scale = e.G.Constant(scope.Prefix + "onnx_scale", Enumerable.Repeat(T.One, c).ToArray(), c);
            bias = e.G.Constant(scope.Prefix + "onnx_bias", new T[c], c);
        }
        var mean = e.G.Initializer(scope.Prefix + "running_mean", stats.RunningMean);
        var variance = e.G.Initializer(scope.Prefix + "running_var", stats.RunningVar);
        var y = e.G.Node("BatchNormalization", scope.Position, [x.Name, scale, bias, mean, variance], Attr.Float("epsilon", b.Eps));
        return new Value(y, x.Shape);
    }
}
