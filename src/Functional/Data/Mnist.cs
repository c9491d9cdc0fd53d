using System.Collections.Immutable;
using LanguageExt;
using LanguageExt.Common;

namespace Functional;

/// <summary>Images and their class labels.</summary>
/// <param name="Images">Pixels scaled to [0, 1] (byte / 255, as torchvision's <c>ToTensor</c>), (N, 1, H, W) or (N, H·W).</param>
/// <param name="Labels">The class of each image, (N).</param>
public sealed record ImageSet(Tensor<float> Images, ImmutableArray<int> Labels)
{
    /// <summary>A set with a copy of <paramref name="labels"/>.</summary>
    public ImageSet(Tensor<float> images, IEnumerable<int> labels) : this(images, labels.ToImmutableArray()) { }

    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>The images as features and the labels as whole-valued targets (for <see cref="NllLoss"/> or <see cref="CrossEntropyLoss"/>).</summary>
    public Dataset<float> ToDataset()
    {
        var targets = new float[Labels.Length];
        for (var i = 0; i < targets.Length; i++) targets[i] = Labels[i];
        return new Dataset<float>(Images, Tensor.FromArray(targets));
    }
}

/// <summary>The training and test sets of an MNIST-format data set.</summary>
/// <param name="Train">The training set (60,000 images for MNIST and Fashion-MNIST).</param>
/// <param name="Test">The test set (10,000 images).</param>
public sealed record MnistData(ImageSet Train, ImageSet Test);

/// <summary>
/// Loads MNIST-format directories: Fashion-MNIST by default (<see cref="FashionMnist.DefaultDirectory()"/>: Debian's
/// <c>dataset-fashion-mnist</c> package when installed, else the per-user cache <see cref="FashionMnist.Download"/> fills),
/// or any directory holding the four IDX files (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>,
/// <c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c>, each raw or <c>.gz</c>).
/// <example><code>
/// var data = Mnist.Load().ThrowIfFail();        // /usr/share/datasets/fashion-mnist, or the cache
/// var x = data.Train.Images;                    // [60000, 1, 28, 28], floats in [0, 1]
/// string name = Mnist.FashionClassNames[data.Train.Labels[0]];
/// </code></example>
/// </summary>
public static class Mnist
{
    /// <summary>Fashion-MNIST's ten class names, by label.</summary>
    public static ImmutableArray<string> FashionClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Loads the training and test sets.</summary>
    /// <param name="directory">The directory of IDX files; null for <see cref="FashionMnist.DefaultDirectory()"/>.</param>
    /// <param name="flatten">Images as (N, H·W) rows instead of (N, 1, H, W).</param>
    /// <returns>The data, or a failure: a <see cref="FileNotFoundException"/> (a file is missing; the message says how
    /// to install the data) or an <see cref="IdxFormatException"/> (a file is malformed, or images and labels disagree
    /// in count), each naming the file.</returns>
    public static Fin<MnistData> Load(string? directory = null, bool flatten = false)
        => Catch(() =>
        {
            var dir = directory ?? FashionMnist.DefaultDirectory();
            return new MnistData(LoadSplit(dir, "train", flatten), LoadSplit(dir, "t10k", flatten));
        });

    /// <summary>Loads one split from an images file and a labels file, checking that their counts agree.</summary>
    /// <returns>The images and labels, or a failure naming the file and the fault.</returns>
    public static Fin<ImageSet> LoadSet(string imagesPath, string labelsPath, bool flatten = false)
        => Catch(() => LoadSetOrThrow(imagesPath, labelsPath, flatten));

    private static Fin<TResult> Catch<TResult>(Func<TResult> load)
    {
        try { return load(); }
        catch (Exception e) when (e is IOException or IdxFormatException or UnauthorizedAccessException) { return Error.New(e); }
    }

    private static ImageSet LoadSetOrThrow(string imagesPath, string labelsPath, bool flatten)
    {
        var images = Idx.ReadOrThrow(imagesPath, IdxKind.Images);
        var labels = Idx.ReadOrThrow(labelsPath, IdxKind.Labels);
        int n = images.Dimensions[0], rows = images.Dimensions[1], cols = images.Dimensions[2];
        if (n == 0) throw new IdxFormatException(imagesPath, "holds 0 images: an empty data set can be neither trained nor tested on");
        if (labels.Dimensions[0] != n)
            throw new IdxFormatException(labelsPath, $"holds {labels.Dimensions[0]} labels but {imagesPath} holds {n} images");
        var pixels = new float[images.Data.Length];
        System.Numerics.Tensors.TensorPrimitives.ConvertChecked<byte, float>(images.Data.AsSpan(), pixels);
        System.Numerics.Tensors.TensorPrimitives.Divide(pixels, 255f, pixels);           // the bits of b / 255f, as torch's x / 255.
        var shape = flatten ? new[] { n, rows * cols } : [n, 1, rows, cols];
        return new ImageSet(new Tensor<float>(new Shape(shape), pixels), [.. labels.Data.Select(b => (int)b)]);
    }

    private static ImageSet LoadSplit(string dir, string split, bool flatten)
        => LoadSetOrThrow(Find(dir, split + "-images-idx3-ubyte", split + "-images.idx3-ubyte"),
                   Find(dir, split + "-labels-idx1-ubyte", split + "-labels.idx1-ubyte"), flatten);

    private static string Find(string dir, params string[] names)
    {
        foreach (var name in names)
            foreach (var candidate in new[] { name + ".gz", name })
            {
                var path = Path.Combine(dir, candidate);
                if (File.Exists(path)) return path;
            }
        throw new FileNotFoundException(
            $"MNIST-format data not found: {Path.Combine(dir, names[0])}(.gz) is missing. " +
            "Install Fashion-MNIST with `apt-get install dataset-fashion-mnist` or download it (`functional train --download`, " +
            "FashionMnist.Download()), or pass `--data-dir` " +
            "with a directory holding the four MNIST IDX files.", Path.Combine(dir, names[0] + ".gz"));
    }
}
