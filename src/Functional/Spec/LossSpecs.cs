namespace Functional;

/// <summary>Spec builders for the losses: <c>MSELoss</c>, <c>L1Loss</c>, <c>BCELoss</c>, <c>BCEWithLogitsLoss</c>, <c>NLLLoss</c>, <c>CrossEntropyLoss</c>.</summary>
internal static class LossSpecs
{
    [LossSpec("MSELoss")]
    private static Loss Mse(SpecArgs a) => new MseLoss(Reduction(a));

    [LossSpec("L1Loss")]
    private static Loss L1(SpecArgs a) => new L1Loss(Reduction(a));

    [LossSpec("BCELoss")]
    private static Loss Bce(SpecArgs a) { NotGiven(a, "weight"); return new BceLoss(Reduction(a)); }

    [LossSpec("BCEWithLogitsLoss")]
    private static Loss BceWithLogits(SpecArgs a) { NotGiven(a, "weight", "pos_weight"); return new BceWithLogitsLoss(Reduction(a)); }

    [LossSpec("NLLLoss")]
    private static Loss Nll(SpecArgs a) => new NllLoss(Reduction(a), a.Doubles("weight"), a.Int("ignore_index", -100));

    [LossSpec("CrossEntropyLoss")]
    private static Loss CrossEntropy(SpecArgs a)
        => new CrossEntropyLoss(Reduction(a), a.Doubles("weight"), a.Int("ignore_index", -100), a.Double("label_smoothing", 0));

    /// <summary>PyTorch's <c>reduction</c> (default <c>mean</c>); the deprecated <c>size_average</c>/<c>reduce</c> are not supported.</summary>
    private static Reduction Reduction(SpecArgs a)
    {
        NotGiven(a, "size_average", "reduce");
        return a.String("reduction", "mean") switch
        {
            "mean" => Functional.Reduction.Mean,
            "sum" => Functional.Reduction.Sum,
            "none" => Functional.Reduction.None,
            var r => throw new SpecException($"{a}: reduction must be 'mean', 'sum' or 'none', got '{r}'"),
        };
    }

    /// <summary>Arguments accepted only when absent or null.</summary>
    private static void NotGiven(SpecArgs a, params string[] keys)
    {
        foreach (var k in keys)
            if (a.Has(k)) throw a.Unsupported($"argument '{k}'");
            else a.String(k, "");
    }
}
