using System.Text.Json;

namespace Functional.Conformance;

/// <summary>
/// Kind <c>module</c>: builds the layer from its spec, loads <c>param/*</c> (and <c>buffer/*</c>) by state-dict name,
/// runs it in float64 in the spec's mode on <c>input/0</c>, and compares <c>expected/output</c>, the gradients
/// <c>expected_grad/input/0</c> and <c>expected_grad/param/*</c> (pulling back <c>upstream/output</c>) and the
/// buffers after the call, <c>expected/buffer/*</c>. A recurrent layer (<see cref="SequenceLayer"/>) runs through
/// <see cref="SequenceLayer.Run{T}"/>: its initial state is <c>input/1</c> (<c>h_0</c>) and, for an LSTM, <c>input/2</c>
/// (<c>c_0</c>); its outputs <c>output</c>, <c>h_n</c>, <c>c_n</c> are compared on each <c>expected/K</c>, and every
/// <c>upstream/K</c> is pulled back at once (a missing one is zeros), since the scalar differentiated is
/// <c>Σ_K sum(output_K · upstream_K)</c>.
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

        var inputs = data.Names.Where(n => n.StartsWith("input/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var recurrent = layer as SequenceLayer;
        if (!inputs.Contains("input/0"))
            return CaseResult.Fail(c.Name, $"{layer}: the case has no input/0");
        if (recurrent is null && inputs.Count > 1)
            return CaseResult.Unsupported(c.Name, $"{layer} with inputs {string.Join(", ", inputs)}: only recurrent layers take a second input (h_0)");
        if (recurrent is not null && inputs.Count > 1)
        {
            string[] want = recurrent.HasCellState ? ["input/0", "input/1", "input/2"] : ["input/0", "input/1"];
            if (!inputs.SequenceEqual(want))
                return CaseResult.Fail(c.Name, $"{layer} takes its initial state as {(recurrent.HasCellState ? "(h_0, c_0) in input/1 and input/2" : "h_0 in input/1")}, got inputs {string.Join(", ", inputs)}");
        }
        var outputs = data.Names.Where(n => n.StartsWith("expected/", StringComparison.Ordinal) && !n.StartsWith("expected/buffer/", StringComparison.Ordinal)).ToList();
        string[] names = recurrent is null ? ["output"] : recurrent.HasCellState ? ["output", "h_n", "c_n"] : ["output", "h_n"];
        var unknown = outputs.Where(o => !names.Contains(o["expected/".Length..])).ToList();
        if (unknown.Count > 0)
            return CaseResult.Unsupported(c.Name, $"{layer}: outputs {string.Join(", ", unknown)} are not supported");

        var x = data.Get<double>("input/0");
        var buffers = data.Names.Any(n => n.StartsWith("buffer/", StringComparison.Ordinal)) ? ScalarBuffers(layer, x.Shape, data.Tensors<double>("buffer/")) : null;
        var model = ModelSpec.LoadWeights(layer, x.Shape, data.Tensors<double>("param/"), buffers);
        var context = mode == "train" ? Context.Train(0) : Context.Eval;
        var check = new Checker(c, data);
        Tensor<double>? Upstream(string name) => data.Contains("upstream/" + name) ? data.Get<double>("upstream/" + name) : null;
        var hasUpstream = names.Any(n => Upstream(n) is not null);
        var needInput = inputs.Any(i => data.Contains("expected_grad/" + i));
        Tree<double>? paramGrads = null;
        Tree<double> nextState;

        if (recurrent is null)
        {
            var fwd = layer.Forward(model.Params, model.State, x, context);
            check.Compare("expected/output", fwd.Output);
            nextState = fwd.State;
            if (hasUpstream)
            {
                var g = fwd.Pullback(Upstream("output")!, needInput);
                paramGrads = g.Params;
                if (needInput) check.Compare("expected_grad/input/0", g.Input);
            }
        }
        else
        {
            var input = new RecurrentInput<double>(x, data.Contains("input/1") ? data.Get<double>("input/1") : null,
                data.Contains("input/2") ? data.Get<double>("input/2") : null);
            var run = recurrent.Run(model.Params, input, context);
            var o = run.Output;
            check.Compare("expected/output", o.Sequence);
            if (data.Contains("expected/h_n")) check.Compare("expected/h_n", o.H);
            if (data.Contains("expected/c_n")) check.Compare("expected/c_n", o.C);
            nextState = model.State;
            if (hasUpstream)
            {
                var g = run.Pullback(o.Gradient(Upstream("output"), Upstream("h_n"), Upstream("c_n")), needInput);
                paramGrads = g.Params;
                if (needInput)
                {
                    check.Compare("expected_grad/input/0", g.Input!.Sequence);
                    if (data.Contains("expected_grad/input/1")) check.Compare("expected_grad/input/1", g.Input.H);
                    if (data.Contains("expected_grad/input/2")) check.Compare("expected_grad/input/2", g.Input.C);
                }
            }
        }
        if (paramGrads is not null)
        {
            var byName = paramGrads.ToDictionary();
            foreach (var name in data.Names.Where(n => n.StartsWith("expected_grad/param/", StringComparison.Ordinal)))
                check.Compare(name, byName.GetValueOrDefault(name["expected_grad/param/".Length..]));
        }
        var state = nextState.ToDictionary();
        foreach (var name in data.Names.Where(n => n.StartsWith("expected/buffer/", StringComparison.Ordinal)))
            check.Compare(name, state.GetValueOrDefault(name["expected/buffer/".Length..]));
        return check.Result();
    }

    /// <summary>
    /// The case files store 0-d buffers (<c>num_batches_tracked</c>) with shape [1], a numpy quirk of the generator; those
    /// are reshaped to the layer's scalar slots here, so weight loading itself stays as strict as PyTorch's.
    /// </summary>
    private static IReadOnlyDictionary<string, Tensor<double>> ScalarBuffers(Layer layer, Shape input, IReadOnlyDictionary<string, Tensor<double>> buffers)
    {
        var scalars = layer.Init<double>(input, new Rng(0)).State.Leaves().Where(l => l.Value.Rank == 0).Select(l => l.Path).ToHashSet(StringComparer.Ordinal);
        return buffers.ToDictionary(kv => kv.Key, kv => scalars.Contains(kv.Key) && kv.Value.Shape == Shape.Of(1) ? kv.Value.Reshape() : kv.Value);
    }
}
