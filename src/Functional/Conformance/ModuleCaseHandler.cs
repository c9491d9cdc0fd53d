using System.Text.Json;

namespace Functional.Conformance;

/// <summary>
/// Kind <c>module</c>: builds the layer from its spec, loads <c>param/*</c> (and <c>buffer/*</c>) by state-dict name,
/// runs it in float64 in the spec's mode on <c>input/0</c>, and compares <c>expected/output</c>, the gradients
/// <c>expected_grad/input/0</c> and <c>expected_grad/param/*</c> (pulling back <c>upstream/output</c>) and the
/// buffers after the call, <c>expected/buffer/*</c>.
/// </summary>
public sealed class ModuleCaseHandler : ICaseHandler
{
    /// <inheritdoc />
    public string Kind => "module";

    /// <inheritdoc />
    public CaseResult Run(ConformanceCase c, SafeTensorFile data)
    {
        var mode = c.Spec.TryGetProperty("mode", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : "train";
        if (mode is not ("train" or "eval")) return CaseResult.Fail(c.Name, $"spec mode '{mode}' is neither 'train' nor 'eval'");
        var layer = ModelSpec.Layer(c.Spec);

        var inputs = data.Names.Where(n => n.StartsWith("input/", StringComparison.Ordinal)).ToList();
        if (inputs.Count != 1 || inputs[0] != "input/0")
            return CaseResult.Unsupported(c.Name, $"{layer} with inputs {string.Join(", ", inputs)}: only a single input/0 is supported");
        var outputs = data.Names.Where(n => n.StartsWith("expected/", StringComparison.Ordinal) && !n.StartsWith("expected/buffer/", StringComparison.Ordinal)).ToList();
        if (outputs.Any(o => o != "expected/output"))
            return CaseResult.Unsupported(c.Name, $"{layer}: outputs {string.Join(", ", outputs.Where(o => o != "expected/output"))} are not supported");

        var x = data.Get<double>("input/0");
        var buffers = data.Names.Any(n => n.StartsWith("buffer/", StringComparison.Ordinal)) ? data.Tensors<double>("buffer/") : null;
        var model = ModelSpec.LoadWeights(layer, x.Shape, data.Tensors<double>("param/"), buffers);
        var context = mode == "train" ? Context.Train(0) : Context.Eval;
        var fwd = layer.Forward(model.Params, model.State, x, context);

        var check = new Checker(c, data);
        check.Compare("expected/output", fwd.Output);
        if (data.Contains("upstream/output"))
        {
            var needInput = data.Contains("expected_grad/input/0");
            var grads = fwd.Pullback(data.Get<double>("upstream/output"), needInput);
            if (needInput) check.Compare("expected_grad/input/0", grads.Input);
            var byName = grads.Params.ToDictionary();
            foreach (var name in data.Names.Where(n => n.StartsWith("expected_grad/param/", StringComparison.Ordinal)))
                check.Compare(name, byName.GetValueOrDefault(name["expected_grad/param/".Length..]));
        }
        var state = fwd.State.ToDictionary();
        foreach (var name in data.Names.Where(n => n.StartsWith("expected/buffer/", StringComparison.Ordinal)))
            check.Compare(name, state.GetValueOrDefault(name["expected/buffer/".Length..]));
        return check.Result();
    }
}
