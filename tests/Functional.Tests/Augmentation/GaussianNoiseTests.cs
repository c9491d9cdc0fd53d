using FsCheck.Xunit;

namespace Functional.Tests.Augmentation;

public class GaussianNoiseTests
{
    [Property(MaxTest = 30)]
    public void NoiseHasMeanZeroAndTheGivenStd(ulong seed, byte sb)
    {
        const int size = 10 * 1 * 32 * 32;
        var std = 0.01 + sb / 50.0;
        var y = new GaussianNoise(std).Apply(Tensor.Zeros<double>(10, 1, 32, 32), new Rng(seed)).ToArray();
        var mean = y.Average();
        var sd = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / (size - 1));
        Assert.InRange(mean, -5 * std / Math.Sqrt(size), 5 * std / Math.Sqrt(size));
        Assert.InRange(sd / std, 1 - 5 / Math.Sqrt(2.0 * size), 1 + 5 / Math.Sqrt(2.0 * size));
    }

    [Property(MaxTest = 30)]
    public void TheSameKeyGivesTheSameBatchAndOtherKeysOthers(ulong seed, byte n, byte c, byte h, byte w)
    {
        var x = Images.Batch(seed, n, c, h, w);
        var aug = new GaussianNoise(0.1);
        var a = aug.Apply(x, new Rng(seed));
        Assert.Equal(x.Shape, a.Shape);
        Assert.Equal(a.ToArray(), aug.Apply(x, new Rng(seed)).ToArray());
        Assert.NotEqual(a.ToArray(), aug.Apply(x, new Rng(seed + 1)).ToArray());
    }

    [Property(MaxTest = 30)]
    public void ClampingKeepsValuesInRange(ulong seed)
    {
        var x = Tensor.Rand<float>(new Rng(seed), 4, 1, 6, 6);
        var y = new GaussianNoise(0.5, 0, 1).Apply(x, new Rng(seed + 3)).ToArray();
        Assert.All(y, v => Assert.InRange(v, 0f, 1f));
        Assert.Contains(y, v => v == 0f);
        Assert.Contains(y, v => v == 1f);
    }

    [Fact]
    public void ZeroStdIsTheIdentityAndBadArgumentsAreRejected()
    {
        var x = Images.Batch(3, 2, 2, 4, 5);
        Images.Close(x, new GaussianNoise(0).Apply(x, new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianNoise(-1));
        Assert.Throws<ArgumentException>(() => new GaussianNoise(0.1, 1, 0).Apply(x, new Rng(1)));
    }
}
