using FsCheck;
using FsCheck.Fluent;

namespace Functional.Testing;

public static partial class Gens
{
    /// <summary>
    /// Float64 tensors of <paramref name="shape"/> with values uniform in [<paramref name="low"/>, <paramref name="high"/>],
    /// leaving out (-<paramref name="minAbs"/>, <paramref name="minAbs"/>), to keep away from a kink at 0 (ReLU, L1).
    /// </summary>
    /// <example><code>
    /// [Property(MaxTest = 100)]
    /// public Property ReLU() => GradientProperty.ForLayer(_ => Nn.ReLU(), Gens.Shape(), minAbs: 1e-3);
    /// </code></example>
    public static Gen<Tensor<double>> Tensor(Shape shape, double low = -2, double high = 2, double minAbs = 0)
    {
        Validate(low, high, minAbs);
        return Rng().Select(r => TensorFrom(r, shape, low, high, minAbs));
    }

    /// <summary>Float64 tensors of a random shape from <paramref name="shapes"/>; see <see cref="Tensor(Shape, double, double, double)"/>.</summary>
    public static Gen<Tensor<double>> Tensor(Gen<Shape> shapes, double low = -2, double high = 2, double minAbs = 0)
        => shapes.SelectMany(s => Tensor(s, low, high, minAbs));

    /// <summary>
    /// The tensor that <see cref="Tensor(Shape, double, double, double)"/> draws from key <paramref name="rng"/>: a plain
    /// function, for tests that build their own cases.
    /// </summary>
    public static Tensor<double> TensorFrom(Rng rng, Shape shape, double low = -2, double high = 2, double minAbs = 0)
    {
        Validate(low, high, minAbs);
        // The admissible set is [low, high] minus (-minAbs, minAbs): two segments, sampled by length.
        double negHigh = Math.Min(high, -minAbs), posLow = Math.Max(low, minAbs);
        double lenNeg = Math.Max(0, negHigh - low), lenPos = Math.Max(0, high - posLow);
        if (minAbs <= 0) (lenNeg, lenPos, negHigh) = (high - low, 0, high);
        var v = new double[shape.Size];
        for (var i = 0; i < v.Length; i++)
        {
            var u = rng.Uniform((ulong)i) * (lenNeg + lenPos);
            v[i] = u < lenNeg ? low + u : posLow + (u - lenNeg);
        }
        return Functional.Tensor.FromArray(v).Reshape(shape);
    }

    private static void Validate(double low, double high, double minAbs)
    {
        if (!(high > low)) throw new ArgumentException($"Gens.Tensor: empty range [{low}, {high}]");
        if (minAbs < 0) throw new ArgumentException($"Gens.Tensor: minAbs {minAbs} is negative");
        if (minAbs > 0 && high <= minAbs && low >= -minAbs)
            throw new ArgumentException($"Gens.Tensor: [{low}, {high}] has no values with |x| >= {minAbs}");
    }
}
