namespace Functional.Testing;

/// <summary>
/// Gradient checks by central finite differences in float64. With a random upstream tensor <c>u</c>, the
/// objective is <c>f(θ, x) = Σ Forward(θ, x).Output · u</c>; its exact gradient is the pullback of <c>u</c>,
/// and each entry is compared with <c>(f(θ + h) - f(θ - h)) / 2h</c>, leaf by leaf under the parameters'
/// dotted names, then for the input. Every evaluation uses the same context (mode and key), so random
/// masks are the same on every call.
/// </summary>
/// <example><code>
/// // In any test framework: throws GradCheckException naming the worst leaf.
/// var report = GradCheck.Layer(new Linear(3, 4), Shape.Of(2, 3), new Rng(7));
/// GradCheck.Assert(report);
/// GradCheck.Assert(GradCheck.Loss(new MseLoss(), input, target));
/// </code></example>
public static class GradCheck
{
    /// <summary>
    /// Checks <paramref name="layer"/> at the given parameters, state and input, under <paramref name="context"/>
    /// (reused unchanged for every evaluation), with an upstream tensor drawn from <paramref name="upstream"/>.
    /// </summary>
    /// <returns>The report: one leaf per parameter leaf, then <c>input</c> when <see cref="GradCheckOptions.CheckInput"/>.</returns>
    /// <exception cref="InvalidOperationException">The pullback's gradients do not have the parameters' names or shapes, or the input gradient is missing or misshapen.</exception>
    public static GradCheckReport Layer(Layer layer, Tensor<double> input, Tree<double> parameters, Tree<double> state, Context context, Rng upstream, GradCheckOptions? options = null)
    {
        var o = options ?? GradCheckOptions.Default;
        var subject = $"{layer} on input {input.Shape} ({context.Mode})";
        var fwd = layer.Forward(parameters, state, input, context);
        var u = Tensor.Randn<double>(upstream, fwd.Output.Shape.ToArray()).ToArray();
        var grads = fwd.Pullback(Make(u, fwd.Output.Shape), o.CheckInput);
        var scale = Scale(fwd.Output, u);

        var leaves = new List<LeafReport>();
        var pLeaves = parameters.Leaves().ToList();
        var gLeaves = grads.Params.Leaves().ToList();
        if (!pLeaves.Select(l => l.Path).SequenceEqual(gLeaves.Select(l => l.Path)))
            throw new InvalidOperationException($"{subject}: the pullback returns gradients named [{string.Join(", ", gLeaves.Select(l => l.Path))}] for parameters [{string.Join(", ", pLeaves.Select(l => l.Path))}]");
        var theta = parameters.Flatten();
        double ParamObjective(double[] t) => Objective(layer.Forward(parameters.Unflatten(t), state, input, context).Output, u);
        var offset = 0;
        for (var i = 0; i < pLeaves.Count; i++)
        {
            var (path, value) = pLeaves[i];
            if (gLeaves[i].Value.Shape != value.Shape)
                throw new InvalidOperationException($"{subject}: the gradient of '{path}' has shape {gLeaves[i].Value.Shape}, the parameter {value.Shape}");
            leaves.Add(Compare(path, gLeaves[i].Value.Span, theta, offset, ParamObjective, scale, o));
            offset += value.Size;
        }

        if (o.CheckInput)
        {
            if (grads.Input is null) throw new InvalidOperationException($"{subject}: the pullback returned no input gradient although one was asked for");
            if (grads.Input.Shape != input.Shape)
                throw new InvalidOperationException($"{subject}: the input gradient has shape {grads.Input.Shape}, the input {input.Shape}");
            var shape = input.Shape;
            double InputObjective(double[] xs) => Objective(layer.Forward(parameters, state, Make(xs, shape), context).Output, u);
            leaves.Add(Compare("input", grads.Input.Span, input.ToArray(), 0, InputObjective, scale, o));
        }
        return new GradCheckReport(subject, leaves, scale, o);
    }

    /// <summary>
    /// Checks <paramref name="layer"/> on <paramref name="input"/> with fresh parameters and state from
    /// <c>Init</c> under <paramref name="seed"/>, and an upstream tensor drawn from the same seed.
    /// </summary>
    /// <param name="layer">The layer to check.</param>
    /// <param name="input">The input, in float64.</param>
    /// <param name="seed">The key for parameters (<c>seed.Fold(0)</c>) and the upstream tensor (<c>seed.Fold(1)</c>).</param>
    /// <param name="context">The context, <see cref="Context.Eval"/> when null.</param>
    /// <param name="options">Step and tolerances.</param>
    public static GradCheckReport Layer(Layer layer, Tensor<double> input, Rng seed, Context? context = null, GradCheckOptions? options = null)
    {
        var init = layer.Init<double>(input.Shape, seed.Fold(0));
        return Layer(layer, input, init.Params, init.State, context ?? Context.Eval, seed.Fold(1), options);
    }

    /// <summary>
    /// Checks <paramref name="layer"/> on an input of <paramref name="inputShape"/> with values uniform in [-2, 2]
    /// drawn from <c>seed.Fold(2)</c>; see <see cref="Layer(Functional.Layer, Tensor{double}, Rng, Context?, GradCheckOptions?)"/>.
    /// </summary>
    /// <example><code>
    /// GradCheck.Assert(GradCheck.Layer(Nn.Linear(3, 4).Then(Nn.Tanh()), Shape.Of(5, 3), new Rng(1)));
    /// </code></example>
    public static GradCheckReport Layer(Layer layer, Shape inputShape, Rng seed, Context? context = null, GradCheckOptions? options = null)
        => Layer(layer, Gens.TensorFrom(seed.Fold(2), inputShape), seed, context, options);

    /// <summary>
    /// Checks the input gradient of <paramref name="loss"/> at <paramref name="input"/> against <paramref name="target"/>.
    /// The objective is <c>Σ Value · u</c> with <c>u</c> drawn from <paramref name="upstream"/> (a fixed key when null),
    /// shaped like the loss value (a scalar for mean and sum, per element for <see cref="Reduction.None"/>).
    /// </summary>
    /// <example><code>
    /// var x = Tensor.FromArray(new[] { 0.2, -1.0, 3.0 }, 1, 3);
    /// var t = Tensor.FromArray(new[] { 2.0 });
    /// GradCheck.Assert(GradCheck.Loss(new CrossEntropyLoss(), x, t));
    /// </code></example>
    public static GradCheckReport Loss(Loss loss, Tensor<double> input, Tensor<double> target, Rng? upstream = null, GradCheckOptions? options = null)
    {
        var o = options ?? GradCheckOptions.Default;
        var subject = $"{loss} on input {input.Shape}, target {target.Shape}";
        var fwd = loss.Forward(input, target);
        var u = Tensor.Randn<double>(upstream ?? new Rng(0x5EED), fwd.Output.Shape.ToArray()).ToArray();
        var grads = fwd.Pullback(Make(u, fwd.Output.Shape));
        if (grads.Params.Leaves().Any())
            throw new InvalidOperationException($"{subject}: a loss has no parameters, but its pullback returned a parameter gradient");
        var g = grads.Input ?? throw new InvalidOperationException($"{subject}: the pullback returned no input gradient");
        if (g.Shape != input.Shape)
            throw new InvalidOperationException($"{subject}: the input gradient has shape {g.Shape}, the input {input.Shape}");
        var shape = input.Shape;
        double InputObjective(double[] xs) => Objective(loss.Forward(Make(xs, shape), target).Output, u);
        var leaf = Compare("input", g.Span, input.ToArray(), 0, InputObjective, Scale(fwd.Output, u), o);
        return new GradCheckReport(subject, [leaf], Scale(fwd.Output, u), o);
    }

    /// <summary>Throws a <see cref="GradCheckException"/> naming the worst leaf unless <paramref name="report"/> passed.</summary>
    /// <returns>The report, for chaining.</returns>
    public static GradCheckReport Assert(GradCheckReport report)
    {
        if (!report.Passed) throw new GradCheckException(report);
        return report;
    }

    /// <summary>A copy of <paramref name="v"/> under <paramref name="shape"/> (rank 0 included).</summary>
    private static Tensor<double> Make(double[] v, Shape shape) => Tensor.FromArray(v).Reshape(shape);

    private static double Objective(Tensor<double> y, double[] u)
    {
        if (y.Size != u.Length) throw new InvalidOperationException($"the output changed size during the gradient check: {y.Shape}, {u.Length} values expected");
        return System.Numerics.Tensors.TensorPrimitives.Dot(y.Span, u);
    }

    private static double Scale(Tensor<double> y, double[] u)
    {
        var s = 0.0;
        for (var i = 0; i < u.Length; i++) s += Math.Abs(y.Span[i] * u[i]);
        return Math.Max(1, s);
    }

    /// <summary>Compares <paramref name="analytic"/> with central differences of <paramref name="f"/> at <c>point[offset..]</c>.</summary>
    private static LeafReport Compare(string name, ReadOnlySpan<double> analytic, double[] point, int offset, Func<double[], double> f, double scale, GradCheckOptions o)
    {
        double maxAbs = 0, maxRel = 0, worstRatio = -1, worstA = 0, worstN = 0;
        var worst = -1;
        for (var i = 0; i < analytic.Length; i++)
        {
            var j = offset + i;
            var saved = point[j];
            double up = saved + o.Step, down = saved - o.Step;
            point[j] = up;
            var fUp = f(point);
            point[j] = down;
            var fDown = f(point);
            point[j] = saved;
            var numeric = (fUp - fDown) / (up - down);
            var a = analytic[i];
            var err = Math.Abs(a - numeric);
            var rel = err / Math.Max(Math.Abs(a) + Math.Abs(numeric), 1e-300);
            var ratio = err / (o.AbsTol * scale + o.RelTol * Math.Max(Math.Abs(a), Math.Abs(numeric)));
            if (double.IsNaN(ratio)) ratio = double.PositiveInfinity;
            maxAbs = Math.Max(maxAbs, double.IsNaN(err) ? double.PositiveInfinity : err);
            maxRel = Math.Max(maxRel, double.IsNaN(rel) ? double.PositiveInfinity : rel);
            if (ratio > worstRatio) (worstRatio, worst, worstA, worstN) = (ratio, i, a, numeric);
        }
        return new LeafReport(name, analytic.Length, maxAbs, maxRel, worst, worstA, worstN, Math.Max(worstRatio, 0));
    }
}
