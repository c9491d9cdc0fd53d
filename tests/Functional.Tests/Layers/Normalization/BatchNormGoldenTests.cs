using System.Text.Json;

namespace Functional.Tests.Layers.Normalization;

/// <summary>The four PyTorch batch-norm reference cases: output, gradients and buffers after the call.</summary>
public class BatchNormGoldenTests
{
    [Theory]
    [InlineData("batchnorm1d_train")]
    [InlineData("batchnorm1d_eval")]
    [InlineData("batchnorm2d_train")]
    [InlineData("batchnorm2d_eval")]
    public void MatchesPyTorch(string name)
    {
        var entry = GoldenBatchNorm.Case(name);
        var spec = entry.GetProperty("spec");
        var (rtol, atol) = (entry.GetProperty("rtol").GetDouble(), entry.GetProperty("atol").GetDouble());
        var t = GoldenBatchNorm.Read(entry.GetProperty("file").GetString()!);

        var c = spec.GetProperty("num_features").GetInt32();
        var eps = spec.TryGetProperty("eps", out var e) ? e.GetDouble() : 1e-5;
        double? momentum = !spec.TryGetProperty("momentum", out var m) ? 0.1 : m.ValueKind == JsonValueKind.Null ? null : m.GetDouble();
        Layer layer = spec.GetProperty("type").GetString() switch
        {
            "BatchNorm1d" => new BatchNorm1d(c, eps, momentum),
            "BatchNorm2d" => new BatchNorm2d(c, eps, momentum),
            var other => throw new InvalidOperationException(other),
        };
        var context = spec.GetProperty("mode").GetString() == "train" ? Context.Train(0) : Context.Eval;

        var p = new WeightBias<double>(t["param/weight"], t["param/bias"]);
        // The files store num_batches_tracked with shape [1]; PyTorch's buffer (and ours) is 0-dim.
        var state = new RunningStats<double>(t["buffer/running_mean"], t["buffer/running_var"], t["buffer/num_batches_tracked"].Reshape(Shape.Scalar));
        var forward = layer.Forward(p, state, t["input/0"], context);
        Close("output", forward.Output, t["expected/output"], rtol, atol);

        var grads = forward.Pullback(t["upstream/output"]);
        Close("grad input", grads.Input!, t["expected_grad/input/0"], rtol, atol);
        var g = Assert.IsType<WeightBias<double>>(grads.Params);
        Close("grad weight", g.Weight, t["expected_grad/param/weight"], rtol, atol);
        Close("grad bias", g.Bias!, t["expected_grad/param/bias"], rtol, atol);

        var after = Assert.IsType<RunningStats<double>>(forward.State);
        Close("running_mean", after.RunningMean, t["expected/buffer/running_mean"], rtol, atol);
        Close("running_var", after.RunningVar, t["expected/buffer/running_var"], rtol, atol);
        Assert.Equal(Shape.Scalar, after.NumBatchesTracked.Shape);
        Assert.Equal(t["expected/buffer/num_batches_tracked"].Span[0], after.NumBatchesTracked.Item());
    }

    private static void Close(string what, Tensor<double> actual, Tensor<double> expected, double rtol, double atol)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (var i = 0; i < expected.Size; i++)
        {
            double a = actual.Span[i], x = expected.Span[i];
            if (!(Math.Abs(a - x) <= atol + rtol * Math.Abs(x))) Assert.Fail($"{what}[{i}]: got {a:R}, expected {x:R}");
        }
    }
}
