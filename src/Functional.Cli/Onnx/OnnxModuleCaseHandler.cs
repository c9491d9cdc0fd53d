using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Functional.Conformance;

namespace Functional.Cli.Onnx;

/// <summary>
/// Kind <c>module</c> through ONNX: exports the case's module with the case's parameters and buffers
/// (<see cref="Functional.Onnx.Onnx.ToBytes{T}"/>), runs ONNX Runtime on <c>input/0</c> and compares
/// <c>expected/output</c>. The model is float64 where ONNX Runtime has every op of it in float64, compared with rtol
/// 1e-6 (atol 1e-9); otherwise it is exported again in float32 and compared with rtol 1e-4 (atol 1e-5). ONNX models
/// are eval-mode, so a train-mode case is UNSUPPORTED when its layer behaves differently in training (batch norm,
/// dropout), and so is a case with an initial recurrent state (the export has one input).
/// </summary>
public sealed class OnnxModuleCaseHandler : ICaseHandler
{
    /// <summary>Tolerances of the float64 comparison.</summary>
    public static (double Rtol, double Atol) DoubleTolerance => (1e-6, 1e-9);

    /// <summary>Tolerances of the float32 comparison.</summary>
    public static (double Rtol, double Atol) FloatTolerance => (1e-4, 1e-5);

    /// <inheritdoc />
    public string Kind => "module";

    /// <inheritdoc />
    public CaseResult Run(ConformanceCase c, SafeTensorFile data)
    {
        var mode = c.Spec.TryGetProperty("mode", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : "train";
        var layer = ModelSpec.Layer(c.Spec);
        if (mode == "train" && TrainOnly(layer))
            return CaseResult.Unsupported(c.Name, $"{layer} in train mode: it behaves differently in training, and ONNX models are eval-mode");
        var inputs = data.Names.Where(n => n.StartsWith("input/", StringComparison.Ordinal)).ToList();
        if (inputs.Count != 1 || inputs[0] != "input/0")
            return CaseResult.Unsupported(c.Name, $"{layer} with inputs {string.Join(", ", inputs)}: the exported model takes one input (no initial state)");
        if (!data.Contains("expected/output")) return CaseResult.Fail(c.Name, "the case has no expected/output");

        var expected = data.Get<double>("expected/output");
        var x = data.Get<double>("input/0");
        Tensor<double> actual;
        string precision;
        (double Rtol, double Atol) tol;
        try
        {
            actual = Export<double>(layer, data, x.Shape).Run(x);
            (precision, tol) = ("float64", DoubleTolerance);
        }
        catch (Exception e) when (OrtRunner.IsMissingKernel(e))
        {
            actual = Export<float>(layer, data, x.Shape).Run(x.Cast<float>()).Cast<double>();
            (precision, tol) = ("float32", FloatTolerance);
        }
        if (actual.Shape != expected.Shape)
            return CaseResult.Fail(c.Name, $"ONNX Runtime ({precision}) gives shape {actual.Shape}, expected {expected.Shape}");
        ReadOnlySpan<double> a = actual.Span, b = expected.Span;
        double worst = 0;
        var bad = false;
        for (var i = 0; i < a.Length; i++)
        {
            var err = Math.Abs(a[i] - b[i]);
            if (err <= tol.Atol + tol.Rtol * Math.Abs(b[i])) continue;
            bad = true;
            if (!(err <= worst)) worst = err;
        }
        return bad
            ? new CaseResult(c.Name, Verdict.Fail, string.Create(CultureInfo.InvariantCulture, $"ONNX Runtime, {precision}, rtol {tol.Rtol:G2}"), "expected/output", worst)
            : CaseResult.Pass(c.Name);
    }

    private static OrtRunner Export<T>(Layer layer, SafeTensorFile data, Shape input) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var buffers = data.Names.Any(n => n.StartsWith("buffer/", StringComparison.Ordinal)) ? ScalarBuffers(layer, input, data.Tensors<T>("buffer/")) : null;
        var model = ModelSpec.LoadWeights(layer, input, data.Tensors<T>("param/"), buffers);
        return new OrtRunner(Functional.Onnx.Onnx.ToBytes(layer, model.Params, model.State, input));
    }

    /// <summary>Whether the layer computes something else in training than in eval mode (so its train-mode case says nothing about the export).</summary>
    public static bool TrainOnly(Layer layer) => layer switch
    {
        BatchNorm => true,
        Dropout d => d.P > 0,
        Stack s => s.Dropout > 0 && s.Layers.Length > 1,
        RecurrentNetwork r => TrainOnly(r.Inner),
        ManyToOne mo => TrainOnly(mo.Inner),
        Sequential q => q.Layers.Any(TrainOnly),
        Named n => TrainOnly(n.Inner),
        Parallel p => p.Branches.Any(TrainOnly),
        Residual r => TrainOnly(r.Inner),
        MapSeq ms => TrainOnly(ms.Inner),
        _ => false,
    };

    /// <summary>0-d buffers stored with shape [1] (as <see cref="ModuleCaseHandler"/> reads them).</summary>
    private static IReadOnlyDictionary<string, Tensor<T>> ScalarBuffers<T>(Layer layer, Shape input, IReadOnlyDictionary<string, Tensor<T>> buffers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var scalars = layer.Init<T>(input, new Rng(0)).State.Leaves().Where(l => l.Value.Rank == 0).Select(l => l.Path).ToHashSet(StringComparer.Ordinal);
        return buffers.ToDictionary(kv => kv.Key, kv => scalars.Contains(kv.Key) && kv.Value.Shape == Shape.Of(1) ? kv.Value.Reshape() : kv.Value);
    }
}
