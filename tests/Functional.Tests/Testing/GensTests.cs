using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;

namespace Functional.Tests.Testing;

public class GensTests
{
    [Property(MaxTest = 100)]
    public Property ShapesRespectRankDimensionAndSizeBounds()
        => Prop.ForAll(Arb.From(Gens.Shape(1, 4, maxDim: 6, maxSize: 100)), s =>
        {
            Assert.InRange(s.Rank, 1, 4);
            Assert.All(s, d => Assert.InRange(d, 1, 6));
            Assert.True(s.Size <= 100, $"{s} has more than 100 elements");
        });

    [Property(MaxTest = 100)]
    public Property TensorsStayInRangeAndAwayFromZero()
        => Prop.ForAll(Arb.From(Gens.Tensor(Gens.Shape(0, 3), -0.5, 2, minAbs: 0.25)), x =>
            Assert.All(x.ToArray(), v => Assert.True(v >= -0.5 && v <= 2 && Math.Abs(v) >= 0.25, $"value {v}")));

    [Property(MaxTest = 100)]
    public Property ClassIndicesAreClassesOrIgnoredButNeverAllIgnored()
        => Prop.ForAll(Arb.From(
            from s in Gens.Shape(0, 3)
            from c in Gen.Choose(2, 5)
            from ignore in Gen.Elements(-100, 0, 1)
            from t in Gens.ClassIndices(s, c, ignore)
            select (t, c, ignore)), x =>
        {
            var (t, classes, ignore) = x;
            Assert.All(t.ToArray(), v => Assert.True(v == ignore || (v >= 0 && v < classes && v == Math.Floor(v)), $"target {v}"));
            Assert.Contains(t.ToArray(), v => v != ignore);
        });

    [Property(MaxTest = 100)]
    public Property ProbabilitiesArePositiveAndSumToOneAlongTheClassDimension()
        => Prop.ForAll(Arb.From(Gens.Shape(2, 3).SelectMany(s => Gens.Probabilities(s, 1))), p =>
        {
            Assert.All(p.ToArray(), v => Assert.True(v > 0));
            var n = p.Shape[1];
            var flat = Tensor.Permute(p, [.. Enumerable.Range(0, p.Rank).Where(a => a != 1), 1]).ToArray();
            for (var i = 0; i < flat.Length; i += n) Assert.Equal(1.0, flat.Skip(i).Take(n).Sum(), 12);
        });

    [Fact]
    public void RejectsARangeWithNothingAwayFromZero()
        => Assert.Throws<ArgumentException>(() => Gens.TensorFrom(new Rng(0), Shape.Of(2), -1e-4, 1e-4, minAbs: 1e-3));
}
