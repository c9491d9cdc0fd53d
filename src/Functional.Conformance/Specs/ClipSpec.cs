using System.Text.Json;

namespace Functional.Conformance;

/// <summary>Builds gradient clipping from a <c>clip_grad_norm</c> spec and runs reference cases of kind <c>clip</c>.</summary>
public static class ClipSpec
{
    /// <summary>The clipping for <c>{"type": "clip_grad_norm", "max_norm": .., "norm_type": ..}</c> (norm_type may be "Infinity"),
    /// or <c>{"type": "clip_grad_value", "clip_value": ..}</c>.</summary>
    /// <param name="spec">The JSON spec.</param>
    public static GradientTransformation FromJson(JsonElement spec) => SpecJson.Type(spec) switch
    {
        "clip_grad_norm" or "clip_grad_norm_" => new ClipByGlobalNorm(SpecJson.Required(spec, "max_norm"), SpecJson.Number(spec, "norm_type", 2.0)),
        "clip_grad_value" or "clip_grad_value_" => new ClipByValue(SpecJson.Required(spec, "clip_value")),
        var t => throw new ArgumentException($"clip spec: unknown type '{t}' (clip_grad_norm, clip_grad_value)"),
    };

    /// <summary>Runs a <c>clip</c> case: clips <c>grad/pI</c> and returns <c>expected/pI</c> and <c>expected/total_norm</c> (shape [1]).</summary>
    /// <param name="spec">The case's spec.</param>
    /// <param name="tensors">The case's tensors.</param>
    /// <returns>The clipped gradients and the total norm.</returns>
    public static IReadOnlyDictionary<string, Tensor<double>> RunCase(JsonElement spec, IReadOnlyDictionary<string, Tensor<double>> tensors)
    {
        var clip = FromJson(spec);
        var names = SpecJson.ParamNames(tensors, "grad/");
        Tree<double> g = new PathTree<double>(names.Select(n => (n, tensors["grad/" + n])).ToList());
        var (u, state) = clip.Update(g, clip.Init(g), g);
        var result = u.Leaves().ToDictionary(l => "expected/" + l.Path, l => l.Value);
        if (state is ClipByGlobalNormState c) result["expected/total_norm"] = Tensor.FromArray([c.TotalNorm], 1);
        return result;
    }
}
