namespace Functional.Cli.Models;

/// <summary>The options that shape a model, shared by <c>train</c> and <c>summary</c> and saved in checkpoints.</summary>
/// <param name="Model">The registered model name: <c>fc</c>, <c>cnn</c>, <c>rnn</c>.</param>
/// <param name="NLayers">The number of layers (fc: hidden blocks + output; rnn: stacked layers).</param>
/// <param name="UseDropout">Dropout instead of batch normalization.</param>
/// <param name="DropoutP">The dropout probability.</param>
/// <param name="HiddenSize">The recurrent hidden size (rnn).</param>
public sealed record ModelOptions(string Model = "fc", int NLayers = 5, bool UseDropout = false, double DropoutP = 0.3, int HiddenSize = 128);

/// <summary>How a model wants its images: the shape of one batch.</summary>
public enum InputLayout
{
    /// <summary>(N, H·W): one row of pixels per image (fc).</summary>
    Flat,
    /// <summary>(N, 1, H, W): one channel (cnn).</summary>
    Image,
    /// <summary>(N, H, W): H time steps of W features (rnn).</summary>
    Sequence,
}

/// <summary>Turns (N, 1, H, W) images into a model's layout.</summary>
public static class InputLayouts
{
    /// <summary>The input shape, batch -1, of images of <paramref name="height"/> × <paramref name="width"/>.</summary>
    public static Shape Shape(this InputLayout layout, int height, int width) => layout switch
    {
        InputLayout.Flat => Functional.Shape.Of(-1, height * width),
        InputLayout.Image => Functional.Shape.Of(-1, 1, height, width),
        _ => Functional.Shape.Of(-1, height, width),
    };

    /// <summary>The images (N, 1, H, W) in <paramref name="layout"/> (a view, no copy).</summary>
    public static Tensor<float> Arrange(this InputLayout layout, Tensor<float> images)
    {
        var (n, h, w) = (images.Shape[0], images.Shape[^2], images.Shape[^1]);
        var s = layout.Shape(h, w).ToArray();
        s[0] = n;
        return images.Reshape(s);
    }
}
