namespace Functional.Testing;

/// <summary>
/// One gradient-check case for a layer: the layer, its input, the key its parameters (and the upstream
/// tensor) are drawn from, and the context. FsCheck prints it when a property fails.
/// </summary>
/// <param name="Layer">The layer under test.</param>
/// <param name="Input">The float64 input.</param>
/// <param name="Seed">The key for <c>Init</c> (<c>Seed.Fold(0)</c>) and the upstream tensor (<c>Seed.Fold(1)</c>).</param>
/// <param name="Context">The context of every forward call (the same key each time, so masks are fixed).</param>
public sealed record LayerCase(Layer Layer, Tensor<double> Input, Rng Seed, Context Context)
{
    /// <summary>Runs the gradient check of this case.</summary>
    public GradCheckReport Check(GradCheckOptions? options = null) => GradCheck.Layer(Layer, Input, Seed, Context, options);

    /// <inheritdoc />
    public override string ToString() => $"{Layer} on input {Input.Shape} [{Preview(Input)}], {Seed}, {Context.Mode}";

    internal static string Preview(Tensor<double> t)
        => string.Join(", ", t.Span.ToArray().Take(8).Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture))) + (t.Size > 8 ? ", ..." : "");
}

/// <summary>One gradient-check case for a loss: the loss, its input and its target.</summary>
/// <param name="Loss">The loss under test.</param>
/// <param name="Input">The float64 input (prediction).</param>
/// <param name="Target">The target: values, probabilities or class indices, as the loss expects.</param>
/// <param name="Upstream">The key the upstream gradient of the loss value is drawn from.</param>
public sealed record LossCase(Loss Loss, Tensor<double> Input, Tensor<double> Target, Rng Upstream)
{
    /// <summary>Runs the gradient check of this case.</summary>
    public GradCheckReport Check(GradCheckOptions? options = null) => GradCheck.Loss(Loss, Input, Target, Upstream, options);

    /// <inheritdoc />
    public override string ToString()
        => $"{Loss} on input {Input.Shape} [{LayerCase.Preview(Input)}], target {Target.Shape} [{LayerCase.Preview(Target)}], upstream {Upstream}";
}
