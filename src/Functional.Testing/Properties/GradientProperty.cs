using FsCheck;
using FsCheck.Fluent;

namespace Functional.Testing;

/// <summary>
/// Reusable FsCheck properties: a layer's (or loss's) pullback matches central finite differences in
/// float64 on random shapes and values. A failing case throws <see cref="GradCheckException"/>, whose
/// message names the worst leaf, and FsCheck prints the case.
/// </summary>
/// <example><code>
/// public class MyLayerTests
/// {
///     [Property(MaxTest = 100)]
///     public Property Gradients() => GradientProperty.ForLayer(
///         shape => new MyLayer(shape[-1], 4),          // a layer for the input shape
///         Gens.Shape(minRank: 2, maxRank: 3));         // random input shapes
/// }
/// </code></example>
public static class GradientProperty
{
    /// <summary>The property over explicit cases, for full control of layers, inputs and contexts.</summary>
    public static Property ForLayer(Gen<LayerCase> cases, GradCheckOptions? options = null)
        => Prop.ForAll(Arb.From(cases), c => { GradCheck.Assert(c.Check(options)); });

    /// <summary>
    /// The property for layers built from the input shape by <paramref name="layer"/> (which may itself be
    /// random), on inputs of shapes from <paramref name="inputShapes"/> with values uniform in
    /// [<paramref name="low"/>, <paramref name="high"/>] and |x| ≥ <paramref name="minAbs"/>.
    /// </summary>
    /// <param name="layer">Makes the layer for an input shape, e.g. <c>s =&gt; Gen.Choose(1, 5).Select(k =&gt; (Layer)new Linear(s[-1], k))</c>.</param>
    /// <param name="inputShapes">The input shapes.</param>
    /// <param name="low">Smallest input value.</param>
    /// <param name="high">Largest input value.</param>
    /// <param name="minAbs">Inputs keep at least this distance from 0 (use 1e-3 for ReLU-like kinks).</param>
    /// <param name="mode">Evaluation or training; in training the context key is random but fixed within a case.</param>
    /// <param name="options">Step and tolerances.</param>
    public static Property ForLayer(Func<Shape, Gen<Layer>> layer, Gen<Shape> inputShapes, double low = -2, double high = 2, double minAbs = 0,
        Mode mode = Mode.Eval, GradCheckOptions? options = null)
        => ForLayer(Cases(layer, inputShapes, low, high, minAbs, mode), options);

    /// <summary>As <see cref="ForLayer(Func{Shape, Gen{Layer}}, Gen{Shape}, double, double, double, Mode, GradCheckOptions?)"/> for a layer that depends on the input shape only.</summary>
    /// <example><code>
    /// [Property(MaxTest = 100)]
    /// public Property Tanh() => GradientProperty.ForLayer(_ => Nn.Tanh(), Gens.Shape());
    /// </code></example>
    public static Property ForLayer(Func<Shape, Layer> layer, Gen<Shape> inputShapes, double low = -2, double high = 2, double minAbs = 0,
        Mode mode = Mode.Eval, GradCheckOptions? options = null)
        => ForLayer(s => Gen.Constant(layer(s)), inputShapes, low, high, minAbs, mode, options);

    /// <summary>The gradient-check cases behind <see cref="ForLayer(Func{Shape, Gen{Layer}}, Gen{Shape}, double, double, double, Mode, GradCheckOptions?)"/>.</summary>
    public static Gen<LayerCase> Cases(Func<Shape, Gen<Layer>> layer, Gen<Shape> inputShapes, double low = -2, double high = 2, double minAbs = 0, Mode mode = Mode.Eval)
        => from shape in inputShapes
           from l in layer(shape)
           from x in Gens.Tensor(shape, low, high, minAbs)
           from seed in Gens.Rng()
           select new LayerCase(l, x, seed, mode == Mode.Eval ? Context.Eval : Context.Train(seed.Fold(3)));

    /// <summary>The property for a loss over explicit cases (inputs and targets depend on the loss).</summary>
    /// <example><code>
    /// [Property(MaxTest = 100)]
    /// public Property Mse() => GradientProperty.ForLoss(
    ///     from s in Gens.Shape()
    ///     from x in Gens.Tensor(s)
    ///     from t in Gens.Tensor(s)
    ///     from k in Gens.Rng()
    ///     select new LossCase(new MseLoss(), x, t, k));
    /// </code></example>
    public static Property ForLoss(Gen<LossCase> cases, GradCheckOptions? options = null)
        => Prop.ForAll(Arb.From(cases), c => { GradCheck.Assert(c.Check(options)); });
}
