using Functional.Cli;
using Functional.Tests.Conformance;
using Functional.Tests.Data;

namespace Functional.Tests.Cli;

/// <summary>Runs the CLI in-process and writes small learnable MNIST-format data sets.</summary>
internal static class CliData
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = App.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Writes train (default 300) and t10k (100) IDX files of 28×28 images into <paramref name="dir"/>: class c has a bright
    /// horizontal band at rows 2c..2c+4 over noise, so a small network learns it within an epoch or two.
    /// </summary>
    public static void WriteIdx(string dir, int train = 300, int test = 100, bool gzip = true)
    {
        Write(dir, "train", train, 1, gzip);
        Write(dir, "t10k", test, 2, gzip);
    }

    private static void Write(string dir, string split, int n, ulong seed, bool gzip)
    {
        var rng = new Rng(seed);
        var labels = new byte[n];
        var pixels = new byte[n * 28 * 28];
        for (var i = 0; i < n; i++)
        {
            var c = rng.Below((ulong)(2 * i), 10);
            labels[i] = (byte)c;
            for (var k = 0; k < 28 * 28; k++)
            {
                var row = k / 28;
                var band = row >= 2 * c && row < 2 * c + 5;
                pixels[i * 784 + k] = (byte)((band ? 150 : 0) + rng.Below((ulong)(1_000_000 + i * 784 + k), 100));
            }
        }
        IdxTests.Write(dir, split + "-images-idx3-ubyte", IdxTests.IdxBytes(8, [(uint)n, 28, 28], pixels), gzip);
        IdxTests.Write(dir, split + "-labels-idx1-ubyte", IdxTests.IdxBytes(8, [(uint)n], labels), gzip);
    }
}

/// <summary>A temporary directory holding a small data set and, once trained, a checkpoint shared by several tests.</summary>
public sealed class TrainedModelFixture : IDisposable
{
    private readonly TempDir dir = new();

    public string Data => Path.Combine(dir.Path, "data");
    public string Model => dir.File("fc.safetensors");
    public (int Exit, string Out, string Err) Training { get; }

    public TrainedModelFixture()
    {
        Directory.CreateDirectory(Data);
        CliData.WriteIdx(Data);
        Training = CliData.Run("train", "--model-fn", Model, "--data-dir", Data, "--n-epochs", "2", "--batch-size", "32", "--n-layers", "3", "--verbose", "1");
    }

    public string File(string name) => dir.File(name);

    public void Dispose() => dir.Dispose();
}
