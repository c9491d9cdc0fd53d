using FsCheck.Xunit;

namespace Functional.Tests.Augmentation;

public class RandomRotationTests
{
    /// <summary>numpy.rot90 (counter-clockwise) of every image, as the transpose of each image with its rows reversed.</summary>
    private static Tensor<double> Rot90(Tensor<double> x)
    {
        var t = Tensor.Transpose(x, -2, -1);
        var s = t.Shape.ToArray();
        int h = s[^2], w = s[^1];
        var r = new double[t.Size];
        for (var j = 0; j < r.Length; j++)
        {
            int plane = j / (h * w), y = j / w % h, col = j % w;
            r[j] = t.Span[plane * h * w + (h - 1 - y) * w + col];
        }
        return Tensor.FromArray(r, s);
    }

    [Property(MaxTest = 50)]
    public void RotationByZeroIsTheIdentity(ulong seed, byte n, byte c, byte h, byte w)
    {
        var x = Images.Batch(seed, n, c, h, w);
        Images.Close(x, RandomRotation.Rotate(x, 0));
        Images.Close(x, new RandomRotation(0).Apply(x, new Rng(seed)));
    }

    [Property(MaxTest = 50)]
    public void QuarterTurnOfASquareImageIsTheTransposeBasedRotation(ulong seed, byte n, byte c, byte side)
    {
        var x = Images.Batch(seed, n, c, side, side);
        Images.Close(Rot90(x), RandomRotation.Rotate(x, 90), 1e-12);
        Images.Close(Rot90(Rot90(x)), RandomRotation.Rotate(x, 180), 1e-12);
        Images.Close(x, RandomRotation.Rotate(RandomRotation.Rotate(x, 90), -90), 1e-12);
    }

    [Fact]
    public void BilinearValuesMatchScipyWithZeroPadding()
    {
        // scipy.ndimage.rotate(np.arange(20.).reshape(4, 5), angle, reshape=False, order=1, mode="grid-constant", cval=0)
        var x = Tensor.Arange<double>(20).Reshape(1, 1, 4, 5);
        double[] at30 =
        [
            0.20456899803587456, 1.320594401820313, 3.754809471616709, 7.1208348754011475, 5.181982986251127,
            0.8528856829700259, 4.218911086754464, 7.584936490538903, 10.950961894323342, 14.316987298107778,
            4.6830127018922205, 8.049038105676658, 11.415063509461095, 14.781088913245535, 18.147114317029974,
            4.659051669940208, 11.87916512459885, 15.24519052838329, 11.997681590323184, 3.613706994107623,
        ];
        double[] atMinus17 =
        [
            2.1096357505785917, 2.3947105408437777, 1.8891567731931294, 1.9466495256994003, 1.670322292122833,
            7.560654632540499, 7.468606025381691, 6.963052257731042, 6.457498490080394, 5.951944722429747,
            13.048055277570253, 12.542501509919605, 12.036947742268957, 11.531393974618307, 10.322233445998156,
            7.4648673834666575, 12.743602539622096, 17.11084322680687, 16.60528945915622, 10.218189938228072,
        ];
        Images.Close(Tensor.FromArray(at30, 1, 1, 4, 5), RandomRotation.Rotate(x, 30), 1e-12);
        Images.Close(Tensor.FromArray(atMinus17, 1, 1, 4, 5), RandomRotation.Rotate(x, -17), 1e-12);
    }

    [Property(MaxTest = 40)]
    public void EachImageIsRotatedByItsOwnAngleWithinTheRange(ulong seed, byte n, byte c, byte h, byte w, byte deg)
    {
        var x = Images.Batch(seed, n, c, h, w);
        var aug = new RandomRotation(deg % 46);
        var rng = new Rng(seed * 31 + 7);
        var y = aug.Apply(x, rng);
        Assert.Equal(x.Shape, y.Shape);
        for (var i = 0; i < x.Shape[0]; i++)
        {
            var a = aug.Angle(rng, i);
            Assert.InRange(a, -aug.MaxDegrees, aug.MaxDegrees);
            Images.Close(RandomRotation.Rotate(Images.Image(x, i), a), Images.Image(y, i));
        }
        Images.Close(y, aug.Apply(x, rng));
    }

    [Fact]
    public void AnglesSpreadOverTheRangeAndDifferBetweenKeys()
    {
        var aug = new RandomRotation(10);
        var angles = Enumerable.Range(0, 2000).Select(i => aug.Angle(new Rng(3), i)).ToArray();
        Assert.InRange(angles.Min(), -10, -9.9);
        Assert.InRange(angles.Max(), 9.9, 10);
        Assert.InRange(angles.Average(), -0.5, 0.5);
        var x = Images.Batch(5, 3, 0, 8, 8);
        Assert.NotEqual(aug.Apply(x, new Rng(1)).ToArray(), aug.Apply(x, new Rng(2)).ToArray());
    }

    [Fact]
    public void FloatMatchesDoubleAndBadArgumentsAreRejected()
    {
        var x = Images.Batch(9, 1, 1, 7, 6);
        var d = RandomRotation.Rotate(x, 23);
        var f = RandomRotation.Rotate(x.Cast<float>(), 23).Cast<double>();
        Images.Close(d, f, 1e-5);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomRotation(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomRotation(double.PositiveInfinity));
        var e = Assert.Throws<ShapeMismatchException>(() => new RandomRotation(5).Apply(Tensor.Zeros<float>(4), new Rng(1)));
        Assert.Contains("RandomRotation", e.Message);
        Assert.Contains("[4]", e.Message);
    }
}
