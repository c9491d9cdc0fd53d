using FsCheck;
using FsCheck.Fluent;

namespace Functional.Testing;

public static partial class Gens
{
    /// <summary>
    /// Class-index targets of <paramref name="shape"/> for <paramref name="classes"/> classes, stored as whole
    /// doubles as the losses expect. With <paramref name="ignoreIndex"/>, about a quarter of the entries take
    /// that value, but never all of them (so a mean reduction stays finite, also when the ignored value is a valid class).
    /// </summary>
    /// <example><code>
    /// var targets = Gens.ClassIndices(Shape.Of(4), classes: 3, ignoreIndex: -100);
    /// </code></example>
    public static Gen<Tensor<double>> ClassIndices(Shape shape, int classes, int? ignoreIndex = null)
    {
        if (classes < 1) throw new ArgumentException($"Gens.ClassIndices: {classes} classes");
        return Rng().Select(r => ClassIndicesFrom(r, shape, classes, ignoreIndex));
    }

    /// <summary>The targets <see cref="ClassIndices"/> draws from key <paramref name="rng"/>.</summary>
    public static Tensor<double> ClassIndicesFrom(Rng rng, Shape shape, int classes, int? ignoreIndex = null)
    {
        var n = shape.Size;
        var v = new double[n];
        var keep = rng.Fold(1).Below(0, Math.Max(n, 1));
        for (var i = 0; i < n; i++)
        {
            var ignored = ignoreIndex is not null && i != keep && rng.Uniform((ulong)(2 * i + 1)) < 0.25;
            v[i] = ignored ? ignoreIndex!.Value : rng.Below((ulong)(2 * i), classes);
        }
        // The kept entry must not be ignored even when the ignored value is itself a valid class.
        if (n > 0 && ignoreIndex is { } ig && ig >= 0 && ig < classes && classes > 1)
        {
            var c = rng.Below((ulong)(2 * keep), classes - 1);
            v[keep] = c >= ig ? c + 1 : c;
        }
        return Functional.Tensor.FromArray(v).Reshape(shape);
    }

    /// <summary>
    /// Probability targets of <paramref name="shape"/>: positive, summing to 1 along <paramref name="dim"/>
    /// (the class dimension). Soft targets for <c>CrossEntropyLoss</c>.
    /// </summary>
    public static Gen<Tensor<double>> Probabilities(Shape shape, int dim)
        => Rng().Select(r => Softmax.Of(Functional.Tensor.Randn<double>(r, shape.ToArray()) * 2.0, dim));

    /// <summary>
    /// Element-wise probabilities in [<paramref name="low"/>, <paramref name="high"/>]: inputs or targets for
    /// <c>BceLoss</c> (keep inputs away from 0 and 1, where the loss is clamped).
    /// </summary>
    public static Gen<Tensor<double>> UnitInterval(Shape shape, double low = 0.05, double high = 0.95)
    {
        if (low < 0 || high > 1) throw new ArgumentException($"Gens.UnitInterval: [{low}, {high}] is not inside [0, 1]");
        return Tensor(shape, low, high);
    }
}
