using System.Collections.Immutable;
using System.Text.Json;

namespace Functional.Conformance;

/// <summary>
/// Kind <c>module</c>: builds the layer from its spec, loads <c>param/*</c> (and <c>buffer/*</c>) by state-dict name,
/// runs it in float64 in the spec's mode on <c>input/0</c>, and compares <c>expected/output</c>, the gradients
/// <c>expected_grad/input/0</c> and <c>expected_grad/param/*</c> (pulling back <c>upstream/output</c>) and the
/// buffers after the call, <c>expected/buffer/*</c>. A layer with several outputs (<see cref="IMultiOutputLayer"/>, the
/// recurrent layers' <c>output</c>, <c>h_n</c>, <c>c_n</c>) is compared on each <c>expected/K</c>, and pulls back every
/// <c>upstream/K</c> at once, since the scalar differentiated is <c>Σ_K sum(output_K · upstream_K)</c>.
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
        var names = (layer as IMultiOutputLayer)?.OutputNames ?? ["output"];
        var unknown = outputs.Where(o => !names.Contains(o["expected/".Length..])).ToList();
        if (unknown.Count > 0)
            return CaseResult.Unsupported(c.Name, $"{layer}: outputs {string.Join(", ", unknown)} are not supported");

        var x = data.Get<double>("input/0");
        var buffers = data.Names.Any(n => n.StartsWith("buffer/", StringComparison.Ordinal)) ? ScalarBuffers(layer, x.Shape, data.Tensors<double>("buffer/")) : null;
        var model = ModelSpec.LoadWeights(layer, x.Shape, data.Tensors<double>("param/"), buffers);
        var context = mode == "train" ? Context.Train(0) : Context.Eval;
        var fwd = layer is IMultiOutputLayer multi
            ? multi.ForwardAll(model.Params, model.State, x, context)
            : Single(layer.Forward(model.Params, model.State, x, context));

        var check = new Checker(c, data);
        foreach (var name in names.Where(n => n == "output" || data.Contains("expected/" + n)))
            check.Compare("expected/" + name, fwd.Outputs[name]);
        var upstream = names.Where(n => data.Contains("upstream/" + n)).ToDictionary(n => n, n => data.Get<double>("upstream/" + n));
        if (upstream.Count > 0)
        {
            var needInput = data.Contains("expected_grad/input/0");
            var grads = fwd.Pullback(upstream, needInput);
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

    /// <summary>A single-output forward seen as a multi-output one with the output named <c>output</c>.</summary>
    private static MultiForward<double> Single(Forward<double> f)
        => new(ImmutableDictionary<string, Tensor<double>>.Empty.Add("output", f.Output), f.State,
            (g, needInput) => f.Pullback(g.TryGetValue("output", out var dy) ? dy : Tensor.ZerosLike(f.Output), needInput));

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
