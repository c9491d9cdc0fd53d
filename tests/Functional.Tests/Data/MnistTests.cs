using LanguageExt;
using Functional.Tests.Support;
using Functional;

namespace Functional.Tests.Data;

public sealed class MnistTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("mnist-tests-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private void WriteSplit(string split, int n, bool gzip, int labelCount = -1)
    {
        var pixels = Enumerable.Range(0, n * 4 * 3).Select(i => (byte)(i % 256)).ToArray();
        IdxTests.Write(dir, split + "-images-idx3-ubyte", IdxTests.IdxBytes(8, [(uint)n, 4, 3], pixels), gzip);
        var m = labelCount < 0 ? n : labelCount;
        IdxTests.Write(dir, split + "-labels-idx1-ubyte", IdxTests.IdxBytes(8, [(uint)m], [.. Enumerable.Range(0, m).Select(i => (byte)(i % 10))]), gzip);
    }

    [Fact]
    public void Loads_a_directory_of_gzip_and_raw_files_scaled_to_unit_range()
    {
        WriteSplit("train", 5, gzip: true);
        WriteSplit("t10k", 2, gzip: false);
        var d = Mnist.Load(dir).ThrowIfFail();
        Assert.Equal(new Shape(5, 1, 4, 3), d.Train.Images.Shape);
        Assert.Equal(new Shape(2, 1, 4, 3), d.Test.Images.Shape);
        Assert.Equal<int>([0, 1, 2, 3, 4], d.Train.Labels);
        Assert.Equal(59 / 255f, d.Train.Images[4, 0, 3, 2]);
        Assert.Equal(20 / 255f, d.Train.Images[1, 0, 2, 2]);   // element 12 + 8 = 20
        Assert.Equal(new Shape(5, 12), Mnist.Load(dir, flatten: true).ThrowIfFail().Train.Images.Shape);
    }

    [Fact]
    public void Count_mismatch_names_both_files()
    {
        WriteSplit("train", 5, gzip: false, labelCount: 4);
        WriteSplit("t10k", 2, gzip: false);
        var e = Failure.Of<IdxFormatException, MnistData>(Mnist.Load(dir));
        Assert.EndsWith("train-labels-idx1-ubyte", e.File);
        Assert.Contains("4 labels", e.Message);
        Assert.Contains("train-images-idx3-ubyte holds 5 images", e.Message);
        Assert.Equal(e.Message, Assert.Throws<IdxFormatException>(() => Mnist.Load(dir).ThrowIfFail()).Message);   // LanguageExt rethrows the original
    }

    [Fact]
    public void Missing_files_say_how_to_install_the_data()
    {
        var e = Failure.Of<FileNotFoundException, MnistData>(Mnist.Load(Path.Combine(dir, "nowhere")));
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains("--data-dir", e.Message);
        Assert.True(Mnist.Load(Path.Combine(dir, "nowhere")).IsFail);
    }

    [Fact]
    public void Loads_debian_fashion_mnist_when_installed()
    {
        if (!File.Exists(Path.Combine(FashionMnist.DebianDirectory, "train-images-idx3-ubyte.gz"))) return;   // not installed here
        var d = Mnist.Load().ThrowIfFail();
        Assert.Equal(new Shape(60000, 1, 28, 28), d.Train.Images.Shape);
        Assert.Equal(new Shape(10000, 1, 28, 28), d.Test.Images.Shape);
        Assert.Equal(60000, d.Train.Count);
        Assert.Equal(10000, d.Test.Labels.Length);
        Assert.Equal(Enumerable.Range(0, 10), d.Train.Labels.Distinct().Order());
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(1000, d.Test.Labels.Count(l => l == c)));
        var px = d.Test.Images.Span;
        var (min, max) = (px.ToArray().Min(), px.ToArray().Max());
        Assert.Equal(0f, min);
        Assert.Equal(1f, max);
    }
}
