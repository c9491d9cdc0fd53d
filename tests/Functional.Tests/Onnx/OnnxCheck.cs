using Functional.Cli.Onnx;
using Functional.Onnx.Proto;

namespace Functional.Tests.Onnx;

/// <summary>Exports a layer with fresh (or given) parameters, runs ONNX Runtime and our eval-mode forward on the same input, and compares.</summary>
internal static class OnnxCheck
{
    /// <summary>Random parameters for <paramref name="input"/> (batch -1), a random batch of <paramref name="batch"/>, float32: ORT equals our forward within 1e-4.</summary>
    public static void Matches(Layer layer, Shape input, int batch = 3, ulong seed = 0, double tol = 1e-4, Tree<float>? state = null)
    {
        var init = layer.Init<float>(input, new Rng(seed));
        var x = Tensor.Randn<float>(new Rng(seed + 1), [batch, .. input.ToArray()[1..]]);
        Matches(layer, init.Params, state ?? init.State, x, tol);
    }

    public static void Matches(Layer layer, Tree<float> p, Tree<float> s, Tensor<float> x, double tol = 1e-4)
    {
        var shape = x.Shape.With(0, -1);
        var expected = layer.Apply(p, s, x);
        using var ort = new OrtRunner(Functional.Onnx.Onnx.ToBytes(layer, p, s, shape));
        var actual = ort.Run(x);
        AssertClose(expected, actual, tol, layer.ToString());
    }

    public static void AssertClose(Tensor<float> expected, Tensor<float> actual, double tol, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var (e, a) = (expected.ToArray(), actual.ToArray());
        var worst = 0.0;
        var at = -1;
        for (var i = 0; i < e.Length; i++)
        {
            var err = Math.Abs(e[i] - a[i]) / (1 + Math.Abs(e[i]));
            if (!(err <= worst)) (worst, at) = (err, i);
        }
        Assert.True(worst <= tol, $"{what}: ONNX Runtime differs from the forward by {worst:G3} at {at} (ours {(at >= 0 ? e[at] : 0)}, ORT {(at >= 0 ? a[at] : 0)})");
    }

    /// <summary>The parsed model (the exporter's own schema classes).</summary>
    public static ModelProto Parse(byte[] bytes) => ModelProto.Parser.ParseFrom(bytes);

    /// <summary>State with random running statistics, so that eval-mode batch norm does more than the identity.</summary>
    public static Tree<float> RandomStats(Tree<float> state, ulong seed)
        => state.Map((path, t) => path.EndsWith("running_mean", StringComparison.Ordinal) ? Tensor.Randn<float>(new Rng(seed), [.. t.Shape])
            : path.EndsWith("running_var", StringComparison.Ordinal) ? Tensor.Uniform<float>(new Rng(seed + 1), 0.5, 2, [.. t.Shape])
            : t);
}
