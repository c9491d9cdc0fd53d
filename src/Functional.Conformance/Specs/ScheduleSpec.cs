using System.Text.Json;

namespace Functional.Conformance;

/// <summary>
/// Builds schedules from <c>torch.optim.lr_scheduler</c> specs (<c>{"type": "StepLR", "lr": 0.1, "step_size": 3}</c>,
/// the initial <c>lr</c> being the optimizer's) and runs reference cases of kind <c>schedule</c>.
/// </summary>
public static class ScheduleSpec
{
    /// <summary>
    /// The schedule for a spec: StepLR (step_size, gamma), MultiStepLR (milestones, gamma), ExponentialLR (gamma),
    /// CosineAnnealingLR (T_max, eta_min), LinearLR (start_factor, end_factor, total_iters), ConstantSchedule, or
    /// ReduceLROnPlateau (mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps), with PyTorch's defaults.
    /// </summary>
    /// <param name="spec">The JSON spec, including the initial <c>lr</c>.</param>
    public static Schedule FromJson(JsonElement spec)
    {
        var type = SpecJson.Type(spec);
        var lr = SpecJson.Required(spec, "lr");
        double N(string k, double d) => SpecJson.Number(spec, k, d);
        return type switch
        {
            "StepLR" => new StepLR(lr, SpecJson.Int(spec, "step_size", 0) is > 0 and var n ? n : throw new ArgumentException("StepLR spec: step_size must be > 0"), N("gamma", 0.1)),
            "MultiStepLR" => new MultiStepLR(lr, SpecJson.Numbers(spec, "milestones").Select(m => (int)m).ToArray(), N("gamma", 0.1)),
            "ExponentialLR" => new ExponentialLR(lr, SpecJson.Required(spec, "gamma")),
            "CosineAnnealingLR" => new CosineAnnealingLR(lr, (int)SpecJson.Required(spec, "T_max"), N("eta_min", 0)),
            "LinearLR" => new LinearLR(lr, N("start_factor", 1.0 / 3), N("end_factor", 1.0), SpecJson.Int(spec, "total_iters", 5)),
            "Constant" or "ConstantSchedule" => Schedule.Constant(lr),
            "ReduceLROnPlateau" => new ReduceLROnPlateau(lr, SpecJson.Str(spec, "mode", "min"), N("factor", 0.1), SpecJson.Int(spec, "patience", 10),
                N("threshold", 1e-4), SpecJson.Str(spec, "threshold_mode", "rel"), SpecJson.Int(spec, "cooldown", 0), N("min_lr", 0), N("eps", 1e-8)),
            _ => throw new UnsupportedSpecException(type, $"schedule spec: unknown type '{type}'"),
        };
    }

    /// <summary>Runs a <c>schedule</c> case: the rate during each of <c>spec.epochs</c> epochs (stepping with <c>metric[e]</c> when given), as <c>expected/lr</c>.</summary>
    /// <param name="spec">The case's spec (constructor, <c>lr</c>, <c>epochs</c>).</param>
    /// <param name="tensors">The case's tensors (<c>metric</c> for ReduceLROnPlateau).</param>
    /// <returns><c>expected/lr</c>.</returns>
    public static IReadOnlyDictionary<string, Tensor<double>> RunCase(JsonElement spec, IReadOnlyDictionary<string, Tensor<double>> tensors)
    {
        var epochs = SpecJson.Int(spec, "epochs", 0);
        var metrics = tensors.TryGetValue("metric", out var m) ? m.ToArray() : null;
        var lrs = FromJson(spec).Lrs(epochs, metrics);
        return new Dictionary<string, Tensor<double>> { ["expected/lr"] = Tensor.FromArray(lrs.ToArray(), epochs) };
    }
}
