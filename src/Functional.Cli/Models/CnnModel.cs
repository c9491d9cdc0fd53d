using static Functional.Nn;

namespace Functional.Cli.Models;

/// <summary>
/// The book's <c>ConvolutionalClassifier</c> (chapter 18): five blocks of
/// <c>Conv2d 3×3 (pad 1) → ReLU → BatchNorm2d → Conv2d 3×3 (stride 2, pad 1) → ReLU → BatchNorm2d</c> with
/// 32, 64, 128, 256 and 512 channels, so a 28×28 image shrinks 28 → 14 → 7 → 4 → 2 → 1, then
/// <c>Linear(512, 50) → ReLU → BatchNorm1d(50) → Linear(50, classes) → LogSoftmax</c>.
/// State-dict names are the book's, declared by the structure: <c>Sequential(("blocks", ...), ("flatten", ...), ("layers", head))</c>
/// with each block named <c>layers</c>, giving <c>blocks.{i}.layers.{j}.*</c> and <c>layers.{k}.*</c>.
/// </summary>
public sealed class CnnModel : IModelFactory
{
    private static readonly int[] Channels = [32, 64, 128, 256, 512];

    /// <inheritdoc />
    public string Name => "cnn";

    /// <inheritdoc />
    public string Description => "convolutional: five Conv/ReLU/BatchNorm2d blocks (32..512 channels), then a 50-unit head (book ch. 18)";

    /// <inheritdoc />
    public InputLayout Layout => InputLayout.Image;

    /// <summary>One block: a 3×3 convolution that keeps the size, then one with stride 2 that halves it.</summary>
    public static Sequential Block(int inChannels, int outChannels)
        => Sequential(Conv2d(inChannels, outChannels, 3, padding: 1), ReLU(), BatchNorm2d(outChannels),
               Conv2d(outChannels, outChannels, 3, stride: 2, padding: 1), ReLU(), BatchNorm2d(outChannels));

    /// <inheritdoc />
    public Layer Build(ModelOptions options, int height, int width, int classes)
    {
        var blocks = new List<Layer>();
        var last = 1;
        foreach (var c in Channels) { blocks.Add(Block(last, c).Named("layers")); last = c; }
        var (h, w) = (height, width);
        for (var i = 0; i < Channels.Length; i++) (h, w) = ((h + 1) / 2, (w + 1) / 2);
        if (h != 1 || w != 1)
            throw new ArgumentException($"cnn: five stride-2 blocks reduce {height}x{width} images to {h}x{w}, but the head expects 1x1 (use 17..32 pixel images)");
        var head = Sequential(Linear(last, 50), ReLU(), BatchNorm1d(50), Linear(50, classes), LogSoftmax(-1));
        return Sequential(("blocks", Sequential([.. blocks])), ("flatten", Flatten()), ("layers", head));
    }
}
