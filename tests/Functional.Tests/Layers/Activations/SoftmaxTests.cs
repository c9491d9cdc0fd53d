using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Activations;

public class SoftmaxTests
{
    [Property(MaxTest = 100)]
    public Property Gradients() => GradientProperty.ForLayer(s => Gens.Dim(s.Rank).Select(d => (Layer)new Softmax(d)), Gens.Shape(1, 4), low: -4, high: 4);

    [Property(MaxTest = 100)]
    public Property LanesArePositiveAndSumToOne()
        => Prop.ForAll(Arb.From(
            from s in Gens.Shape(1, 4)
            from d in Gens.Dim(s.Rank)
            from x in Gens.Tensor(s, -20, 20)
            select (x, d)), c =>
        {
            var (x, dim) = c;
            var y = new Softmax(dim).Forward(x).Output;
            Assert.All(y.ToArray(), v => Assert.True(v > 0 && v <= 1));
            foreach (var sum in LaneSums(y, dim, v => v)) Assert.True(Math.Abs(sum - 1) < 1e-12, $"a lane of softmax(dim={dim}) sums to {sum:R}");
        });

    /// <summary>The sums of <paramref name="f"/> over every lane of <paramref name="y"/> along <paramref name="dim"/>.</summary>
    internal static IEnumerable<double> LaneSums(Tensor<double> y, int dim, Func<double, double> f)
    {
        var d = y.Shape.Axis(dim);
        int outer = y.Shape.Product(0, d), n = y.Shape[d], inner = y.Shape.Product(d + 1, y.Rank);
        for (var o = 0; o < outer; o++)
            for (var i = 0; i < inner; i++)
            {
                var s = 0.0;
                for (var k = 0; k < n; k++) s += f(y.Span[(o * n + k) * inner + i]);
                yield return s;
            }
    }
}
