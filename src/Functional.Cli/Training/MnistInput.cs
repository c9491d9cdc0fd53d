using System.Collections.Immutable;
using Functional.Cli.Models;

namespace Functional.Cli.Training;

/// <summary>Loads an MNIST-format directory for the CLI, turning missing or malformed files into <see cref="CliException"/>s.</summary>
public static class MnistInput
{
    /// <summary>Loads the data (images as (N, 1, H, W), pixels / 255).</summary>
    /// <exception cref="CliException">The directory or a file is missing (the message says how to install Fashion-MNIST) or malformed.</exception>
    public static MnistData Load(string? directory)
    {
        var dir = directory ?? FashionMnist.DefaultDirectory();
        if (!Directory.Exists(dir))
            throw new CliException($"data directory {dir} does not exist. Install Fashion-MNIST with `apt-get install dataset-fashion-mnist`, " +
                                   "download it with `functional train --download`, or pass `--data-dir` with a directory holding the four MNIST IDX files.");
        return Mnist.Load(dir).Match(data => data, error => throw new CliException(
            error.ToException() is FileNotFoundException or IdxFormatException ? error.Message : $"cannot read the data in {dir}: {error.Message}"));
    }

    /// <summary>Images and labels as a data set in <paramref name="layout"/>, targets (N) of class indices.</summary>
    public static Dataset<float> ToDataset(ImageSet set, InputLayout layout)
        => new(layout.Arrange(set.Images), Tensor.FromArray([.. set.Labels.Select(l => (float)l)], set.Count));

    /// <summary>
    /// Downloads Fashion-MNIST into <paramref name="directory"/> (default: the per-user cache), printing one line per file,
    /// and returns the directory.
    /// </summary>
    /// <exception cref="CliException">The download failed (the message names the file, the URL and the cause).</exception>
    public static string Download(string? directory, TextWriter log)
        => FashionMnist.Download(directory, log: log).Match(dir => dir, e => throw new CliException(e.Message));

    /// <summary>The class names: Fashion-MNIST's when the directory looks like it (or is the default), else the digits.</summary>
    public static ImmutableArray<string> ClassNames(string? directory, int classes)
        => classes == 10 && (directory is null || directory.Contains("fashion", StringComparison.OrdinalIgnoreCase))
            ? Mnist.FashionClassNames
            : [.. Enumerable.Range(0, classes).Select(i => i.ToString())];
}
