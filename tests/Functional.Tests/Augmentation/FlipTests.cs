using FsCheck.Xunit;

namespace Functional.Tests.Augmentation;

public class FlipTests
{
    [Property(MaxTest = 50)]
    public void FlippingTwiceIsTheIdentity(ulong seed, byte n, byte c, byte h, byte w)
    {
        var x = Images.Batch(seed, n, c, h, w);
        var flip = new Flip();
        var once = flip.Apply(x, new Rng(seed));
        Images.Close(Images.Mirror(x), once);
        Images.Close(x, flip.Apply(once, new Rng(seed + 1)));
    }

    [Property(MaxTest = 50)]
    public void HorizontalFlipMirrorsOrKeepsEachImageAsItsKeySays(ulong seed, byte n, byte c, byte h, byte w, byte pb)
    {
        var x = Images.Batch(seed, n, c, h, w);
        var aug = new HorizontalFlip(pb / 255.0);
        var rng = new Rng(seed ^ 0x5555);
        var y = aug.Apply(x, rng);
        Assert.Equal(x.Shape, y.Shape);
        for (var i = 0; i < x.Shape[0]; i++)
        {
            var xi = Images.Image(x, i);
            Images.Close(aug.Flips(rng, i) ? Images.Mirror(xi) : xi, Images.Image(y, i));
        }
        Images.Close(y, aug.Apply(x, rng));
    }

    [Fact]
    public void FlipRateIsPWithinAStatisticalBound()
    {
        const int n = 4000;
        var x = Tensor.Arange<double>(2).Reshape(1, 1, 1, 2);
        var batch = Tensor.Cat(Enumerable.Repeat(x, n).ToArray(), 0);
        var y = new HorizontalFlip(0.3).Apply(batch, new Rng(11));
        var flipped = Enumerable.Range(0, n).Count(i => y.Span[2 * i] == 1.0);
        var sigma = Math.Sqrt(n * 0.3 * 0.7);
        Assert.InRange(flipped, n * 0.3 - 5 * sigma, n * 0.3 + 5 * sigma);
    }

    [Fact]
    public void ExtremeProbabilitiesAndBadArguments()
    {
        var x = Images.Batch(3, 3, 1, 5, 6);
        Images.Close(x, new HorizontalFlip(0).Apply(x, new Rng(1)));
        Images.Close(Images.Mirror(x), new HorizontalFlip(1).Apply(x, new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HorizontalFlip(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HorizontalFlip(double.NaN));
        var e = Assert.Throws<ShapeMismatchException>(() => new Flip().Apply(Tensor.Zeros<double>(2, 3), default));
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void ThreeAxisBatchesAreImagesWithoutAChannelAxis()
    {
        var x = Tensor.Arange<double>(6).Reshape(1, 2, 3);
        Assert.Equal([2.0, 1, 0, 5, 4, 3], new Flip().Apply(x, default).ToArray());
    }
}
