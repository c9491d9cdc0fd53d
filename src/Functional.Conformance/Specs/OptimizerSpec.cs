using System.Text.Json;

namespace Functional.Conformance;

/// <summary>
/// Builds optimizers from <c>torch.optim</c> constructor specs (<c>{"type": "Adam", "lr": 0.01, "betas": [0.9, 0.999]}</c>)
/// and runs reference cases of kind <c>optimizer</c>.
/// </summary>
public static class OptimizerSpec
{
    /// <summary>
    /// The optimizer for a spec: <c>type</c> SGD, Adam, AdamW, Adagrad or RMSprop, with PyTorch's keyword names
    /// (lr, momentum, dampening, nesterov, weight_decay, betas, eps, amsgrad, alpha, centered, lr_decay,
    /// initial_accumulator_value) and defaults. Other keys (such as <c>steps</c>) are ignored.
    /// </summary>
    /// <param name="spec">The JSON spec.</param>
    public static GradientTransformation FromJson(JsonElement spec)
    {
        var type = SpecJson.Type(spec);
        double N(string k, double d) => SpecJson.Number(spec, k, d);
        var betas = SpecJson.Numbers(spec, "betas");
        double b1 = betas.Length > 0 ? betas[0] : 0.9, b2 = betas.Length > 1 ? betas[1] : 0.999;
        return type switch
        {
            "SGD" => Optim.Sgd(SpecJson.Required(spec, "lr"), N("momentum", 0), N("dampening", 0), SpecJson.Bool(spec, "nesterov", false), N("weight_decay", 0)),
            "Adam" => Optim.Adam(N("lr", 1e-3), b1, b2, N("eps", 1e-8), N("weight_decay", 0), SpecJson.Bool(spec, "amsgrad", false)),
            "AdamW" => Optim.AdamW(N("lr", 1e-3), b1, b2, N("eps", 1e-8), N("weight_decay", 1e-2), SpecJson.Bool(spec, "amsgrad", false)),
            "Adagrad" => Optim.Adagrad(N("lr", 1e-2), N("lr_decay", 0), N("weight_decay", 0), N("initial_accumulator_value", 0), N("eps", 1e-10)),
            "RMSprop" => Optim.RmsProp(N("lr", 1e-2), N("alpha", 0.99), N("eps", 1e-8), N("weight_decay", 0), N("momentum", 0), SpecJson.Bool(spec, "centered", false)),
            _ => throw new UnsupportedSpecException(type, $"optimizer spec: unknown type '{type}' (SGD, Adam, AdamW, Adagrad, RMSprop)"),
        };
    }

    /// <summary>
    /// Runs an <c>optimizer</c> case: starts from <c>param/pI</c>, applies <c>spec.steps</c> updates with the gradients
    /// <c>grad/S/pI</c>, and returns the parameters after each step under <c>expected/S/pI</c>.
    /// </summary>
    /// <param name="spec">The case's spec (constructor plus <c>steps</c>).</param>
    /// <param name="tensors">The case's tensors by name.</param>
    /// <returns>The computed tensors, named as the expected ones.</returns>
    public static IReadOnlyDictionary<string, Tensor<double>> RunCase(JsonElement spec, IReadOnlyDictionary<string, Tensor<double>> tensors)
    {
        var opt = FromJson(spec);
        var names = SpecJson.ParamNames(tensors, "param/");
        Tree<double> p = new PathTree<double>(names.Select(n => (n, tensors["param/" + n])).ToList());
        var steps = SpecJson.Int(spec, "steps", 0);
        var state = opt.Init(p);
        var result = new Dictionary<string, Tensor<double>>();
        for (var s = 0; s < steps; s++)
        {
            var g = new PathTree<double>(names.Select(n => (n, tensors.TryGetValue($"grad/{s}/{n}", out var t) ? t
                : throw new KeyNotFoundException($"optimizer case: no tensor 'grad/{s}/{n}'"))).ToList());
            (var u, state) = opt.Update<double>(g, state, p);
            p = Optim.ApplyUpdates(p, u);
            foreach (var (n, t) in p.Leaves()) result[$"expected/{s}/{n}"] = t;
        }
        return result;
    }
}
