using FsCheck.Xunit;

namespace Functional.Tests.Augmentation;

public class PipelineTests
{
    private static readonly IAugmentation[] All =
    [
        new SaltAndPepper(0.1), new GaussianNoise(0.05, 0, 1), new RandomShift(2, 1), new RandomRotation(15), new HorizontalFlip(), new Flip(),
    ];

    [Property(MaxTest = 40)]
    public void ShapesArePreservedAndTheSameKeyGivesTheSameBatch(ulong seed, byte n, byte c, byte h, byte w)
    {
        var x = Images.Batch(seed, n, c, h, w);
        var pipeline = Augment.Pipeline(All);
        var y = pipeline.Apply(x, new Rng(seed));
        Assert.Equal(x.Shape, y.Shape);
        Assert.Equal(y.ToArray(), pipeline.Apply(x, new Rng(seed)).ToArray());
        foreach (var a in All) Assert.Equal(x.Shape, a.Apply(x, new Rng(seed)).Shape);
    }

    [Property(MaxTest = 30)]
    public void StageSRunsWithKeyFoldS(ulong seed)
    {
        var x = Images.Batch(seed, 3, 0, 7, 7);
        var rng = new Rng(seed);
        var expected = new RandomRotation(20).Apply(new SaltAndPepper(0.2).Apply(x, rng.Fold(0)), rng.Fold(1));
        Images.Close(expected, Augment.Pipeline(new SaltAndPepper(0.2), new RandomRotation(20)).Apply(x, rng));
        Images.Close(x, Augment.Pipeline().Apply(x, rng));
    }

    [Fact]
    public void PerBatchSharesTheDrawsPerImageDoesNot()
    {
        var one = Tensor.Rand<double>(new Rng(6), 1, 1, 9, 9);
        var x = Tensor.Cat(Enumerable.Repeat(one, 6).ToArray(), 0);
        var aug = Augment.Pipeline(new RandomShift(3, 3), new RandomRotation(30), new SaltAndPepper(0.2));
        var shared = Augment.PerBatch(aug).Apply(x, new Rng(2));
        var own = aug.Apply(x, new Rng(2));
        for (var i = 1; i < 6; i++)
        {
            Images.Close(Images.Image(shared, 0), Images.Image(shared, i));
            Assert.NotEqual(Images.Image(own, 0).ToArray(), Images.Image(own, i).ToArray());
        }
        Images.Close(aug.Apply(one, new Rng(2)), Images.Image(shared, 3));
    }

    [Fact]
    public void AugmentedTouchesFeaturesOnlyWithOneKeyPerBatch()
    {
        var aug = new GaussianNoise(0.1);
        var batches = Enumerable.Range(0, 3)
            .Select(b => (Features: Images.Batch((ulong)b, 1, 0, 4, 4), Targets: Tensor.Arange<double>(2)))
            .ToArray();
        var rng = new Rng(21);
        var result = batches.Augmented(aug, rng).ToArray();
        Assert.Equal(3, result.Length);
        for (var b = 0; b < 3; b++)
        {
            Assert.Same(batches[b].Targets, result[b].Targets);
            Images.Close(aug.Apply(batches[b].Features, rng.Fold((ulong)b)), result[b].Features);
        }
    }
}
