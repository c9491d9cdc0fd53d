using FsCheck.Xunit;

namespace Functional.Tests.Augmentation;

public class RandomShiftTests
{
    /// <summary>out[.., y, x] = in[.., y - dy, x - dx] inside the image, else 0, by plain indexing.</summary>
    private static Tensor<double> Naive(Tensor<double> x, int dx, int dy)
    {
        var s = x.Shape.ToArray();
        int h = s[^2], w = s[^1];
        var r = new double[x.Size];
        for (var j = 0; j < r.Length; j++)
        {
            int plane = j / (h * w), y = j / w % h, col = j % w, sy = y - dy, sx = col - dx;
            r[j] = sy >= 0 && sy < h && sx >= 0 && sx < w ? x.Span[plane * h * w + sy * w + sx] : 0;
        }
        return Tensor.FromArray(r, s);
    }

    [Property(MaxTest = 50)]
    public void ZeroShiftIsTheIdentity(ulong seed, byte n, byte c, byte h, byte w)
    {
        var x = Images.Batch(seed, n, c, h, w);
        Images.Close(x, RandomShift.Shift(x, 0, 0));
        Images.Close(x, new RandomShift(0, 0).Apply(x, new Rng(seed)));
    }

    [Property(MaxTest = 80)]
    public void ShiftMovesContentRightAndDownWithZeroFill(ulong seed, byte n, byte c, byte h, byte w, sbyte dx, sbyte dy)
    {
        var x = Images.Batch(seed, n, c, h, w);
        int ddx = dx % 11, ddy = dy % 11;
        Images.Close(Naive(x, ddx, ddy), RandomShift.Shift(x, ddx, ddy));
    }

    [Property(MaxTest = 50)]
    public void EachImageIsShiftedByItsOwnOffsetWithinTheRange(ulong seed, byte n, byte c, byte h, byte w, byte mx, byte my)
    {
        var x = Images.Batch(seed, n, c, h, w);
        var aug = new RandomShift(mx % 5, my % 5);
        var rng = new Rng(~seed);
        var y = aug.Apply(x, rng);
        Assert.Equal(x.Shape, y.Shape);
        for (var i = 0; i < x.Shape[0]; i++)
        {
            var (ox, oy) = aug.Offset(rng, i);
            Assert.InRange(ox, -aug.MaxDx, aug.MaxDx);
            Assert.InRange(oy, -aug.MaxDy, aug.MaxDy);
            Images.Close(Naive(Images.Image(x, i), ox, oy), Images.Image(y, i));
        }
        Images.Close(y, aug.Apply(x, rng));
    }

    [Fact]
    public void OffsetsCoverTheRangeUniformly()
    {
        var aug = new RandomShift(2, 1);
        var offsets = Enumerable.Range(0, 3000).Select(i => aug.Offset(new Rng(8), i)).ToArray();
        foreach (var g in offsets.GroupBy(o => o.Dx)) Assert.InRange(g.Count(), 600 - 120, 600 + 120);
        foreach (var g in offsets.GroupBy(o => o.Dy)) Assert.InRange(g.Count(), 1000 - 150, 1000 + 150);
        Assert.Equal(5, offsets.Select(o => o.Dx).Distinct().Count());
        Assert.Equal(3, offsets.Select(o => o.Dy).Distinct().Count());
    }

    [Fact]
    public void ShiftsLargerThanTheImageLeaveZerosAndBadArgumentsAreRejected()
    {
        var x = Tensor.Rand<double>(new Rng(1), 2, 1, 4, 4);
        Assert.All(RandomShift.Shift(x, 5, 0).ToArray(), v => Assert.Equal(0.0, v));
        Assert.All(RandomShift.Shift(x, 0, -4).ToArray(), v => Assert.Equal(0.0, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomShift(-1, 0));
        Assert.Throws<ShapeMismatchException>(() => new RandomShift(1, 1).Apply(Tensor.Zeros<double>(3, 3), new Rng(1)));
    }
}
