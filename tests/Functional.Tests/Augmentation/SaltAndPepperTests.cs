using FsCheck.Xunit;

namespace Functional.Tests.Augmentation;

public class SaltAndPepperTests
{
    private static double Amount(byte b) => 0.05 + 0.9 * b / 255.0;

    [Property(MaxTest = 40)]
    public void ReplacedFractionIsTheAmountWithinAStatisticalBoundAndSaltEqualsPepper(ulong seed, byte ab)
    {
        const int n = 8, size = 8 * 1 * 25 * 25;
        var amount = Amount(ab);
        var x = Tensor.Full(0.5, n, 1, 25, 25);
        var y = new SaltAndPepper(amount, SaltValue: 2, PepperValue: -1).Apply(x, new Rng(seed));
        Assert.Equal(x.Shape, y.Shape);
        var v = y.ToArray();
        Assert.All(v, e => Assert.Contains(e, new[] { 0.5, 2, -1 }));
        int salt = v.Count(e => e == 2), pepper = v.Count(e => e == -1);
        var sigma = Math.Sqrt(size * amount * (1 - amount));
        Assert.InRange(salt + pepper, size * amount - 5 * sigma, size * amount + 5 * sigma);
        var sigmaSplit = Math.Sqrt((salt + pepper) * 0.25);
        Assert.InRange(salt, (salt + pepper) / 2.0 - 5 * sigmaSplit, (salt + pepper) / 2.0 + 5 * sigmaSplit);
    }

    [Property(MaxTest = 30)]
    public void TheSameKeyGivesTheSameBatchAndOtherKeysOthers(ulong seed, byte ab)
    {
        var x = Images.Batch(seed, 3, 0, 8, 8);
        var aug = new SaltAndPepper(Amount(ab));
        Assert.Equal(aug.Apply(x, new Rng(seed)).ToArray(), aug.Apply(x, new Rng(seed)).ToArray());
        Assert.NotEqual(aug.Apply(x, new Rng(seed)).ToArray(), aug.Apply(x, new Rng(seed + 1)).ToArray());
    }

    [Property(MaxTest = 30)]
    public void KeptElementsAreUnchangedAndAnyRankWorks(ulong seed, byte n, byte f)
    {
        var x = Tensor.Randn<float>(new Rng(seed), 1 + n % 5, 1 + f % 30);
        var y = new SaltAndPepper(0.3).Apply(x, new Rng(seed));
        for (var i = 0; i < x.Size; i++)
            Assert.True(y.Span[i] == x.Span[i] || y.Span[i] == 0f || y.Span[i] == 1f);
    }

    [Fact]
    public void ImageDrawsDependOnlyOnTheImageIndexAndKey()
    {
        var x = Images.Batch(4, 3, 1, 6, 6);
        var aug = new SaltAndPepper(0.5);
        var y = aug.Apply(x, new Rng(9));
        var prefix = aug.Apply(x.Slice(0, 0, 2), new Rng(9));
        Images.Close(y.Slice(0, 0, 2), prefix);
    }

    [Fact]
    public void ZeroAmountIsTheIdentityAndBadAmountsAreRejected()
    {
        var x = Images.Batch(2, 2, 1, 5, 5);
        Images.Close(x, new SaltAndPepper(0).Apply(x, new Rng(3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SaltAndPepper(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SaltAndPepper(double.NaN));
    }
}
