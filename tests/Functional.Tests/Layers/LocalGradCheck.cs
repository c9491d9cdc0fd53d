namespace Functional.Tests.Layers;

/// <summary>
/// Central finite differences against a layer's pullback, in float64, on the input and on every
/// parameter value (a local stand-in for the shared checker in Functional.Testing). The objective is
/// <c>Σ output·u</c> for a random upstream gradient u, so its gradient is the pullback of u.
/// </summary>
internal static class LocalGradCheck
{
    public static void Check(Layer layer, Tree<double> parameters, Tree<double> state, Tensor<double> input, Context context,
        ulong seed, double h = 1e-6, double rtol = 1e-5, double atol = 1e-7)
    {
        var forward = layer.Forward(parameters, state, input, context);
        var u = Tensor.Randn<double>(new Rng(seed), forward.Output.Shape.ToArray());
        var grads = forward.Pullback(u);
        double Objective(Tree<double> p, Tensor<double> x)
            => System.Numerics.Tensors.TensorPrimitives.Dot(layer.Forward(p, state, x, context).Output.Span, u.Span);

        var xs = input.ToArray();
        Assert.NotNull(grads.Input);
        for (var i = 0; i < xs.Length; i++)
        {
            var numeric = Central(v => { var c = (double[])xs.Clone(); c[i] = v; return Objective(parameters, Tensor.FromArray(c, input.Shape.ToArray())); }, xs[i], h);
            Near($"input[{i}]", grads.Input!.Span[i], numeric, rtol, atol);
        }

        var ps = parameters.Flatten();
        var gs = grads.Params.Flatten();
        Assert.Equal(ps.Length, gs.Length);
        var paths = parameters.Leaves().SelectMany(l => Enumerable.Range(0, l.Value.Size).Select(k => $"{l.Path}[{k}]")).ToArray();
        for (var i = 0; i < ps.Length; i++)
        {
            var numeric = Central(v => { var c = (double[])ps.Clone(); c[i] = v; return Objective(parameters.Unflatten<double>(c), input); }, ps[i], h);
            Near(paths[i], gs[i], numeric, rtol, atol);
        }
    }

    private static double Central(Func<double, double> f, double at, double h) => (f(at + h) - f(at - h)) / (2 * h);

    private static void Near(string what, double analytic, double numeric, double rtol, double atol)
    {
        if (!(Math.Abs(analytic - numeric) <= atol + rtol * Math.Abs(numeric)))
            Assert.Fail($"{what}: pullback {analytic:R}, finite differences {numeric:R}");
    }
}
