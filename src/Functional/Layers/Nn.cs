namespace Functional;

/// <summary>
/// Short constructors for layers and combinators, for a fluent style:
/// <c>using static Functional.Nn;</c> then <c>Linear(784, 256).Then(ReLU()).Then(Linear(256, 10))</c>.
/// </summary>
public static class Nn
{
    /// <summary>A fully connected layer; see <see cref="Functional.Linear"/>.</summary>
    public static Linear Linear(int inFeatures, int outFeatures, bool bias = true) => new(inFeatures, outFeatures, bias);

    /// <summary>The identity layer.</summary>
    public static Identity Identity() => new();

    /// <summary>max(x, 0).</summary>
    public static ReLU ReLU() => new();

    /// <summary>x for x &gt; 0, slope·x otherwise.</summary>
    public static LeakyReLU LeakyReLU(double negativeSlope = 0.01) => new(negativeSlope);

    /// <summary>The logistic sigmoid.</summary>
    public static Sigmoid Sigmoid() => new();

    /// <summary>The hyperbolic tangent.</summary>
    public static Tanh Tanh() => new();

    /// <summary>Softmax along <paramref name="dim"/>.</summary>
    public static Softmax Softmax(int dim = -1) => new(dim);

    /// <summary>Log-softmax along <paramref name="dim"/>.</summary>
    public static LogSoftmax LogSoftmax(int dim = -1) => new(dim);

    /// <summary>Flattens dimensions <paramref name="startDim"/>..<paramref name="endDim"/>.</summary>
    public static Flatten Flatten(int startDim = 1, int endDim = -1) => new(startDim, endDim);

    /// <summary>Splits dimension <paramref name="dim"/> into <paramref name="sizes"/>; see <see cref="Functional.Unflatten"/>.</summary>
    public static Unflatten Unflatten(int dim, params int[] sizes) => new(dim, sizes);

    /// <summary>A 2-d convolution over NCHW images; see <see cref="Functional.Conv2d"/>.</summary>
    public static Conv2d Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, bool bias = true)
        => new(inChannels, outChannels, kernelSize, stride, padding, dilation, bias);

    /// <summary>Max pooling over NCHW images (stride defaults to the kernel size); see <see cref="Functional.MaxPool2d"/>.</summary>
    public static MaxPool2d MaxPool2d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        => new(kernelSize, stride, padding, dilation, ceilMode);

    /// <summary>Average pooling over NCHW images (stride defaults to the kernel size); see <see cref="Functional.AvgPool2d"/>.</summary>
    public static AvgPool2d AvgPool2d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
        => new(kernelSize, stride, padding, ceilMode, countIncludePad);

    /// <summary>Adaptive average pooling to an (outputSize, outputSize) image; 1 gives global average pooling. See <see cref="Functional.AdaptiveAvgPool2d"/>.</summary>
    public static AdaptiveAvgPool2d AdaptiveAvgPool2d(int outputSize = 1) => new(outputSize);

    /// <summary>Inverted dropout with probability <paramref name="p"/>; see <see cref="Functional.Dropout"/>.</summary>
    public static Dropout Dropout(double p = 0.5) => new(p);

    /// <summary>Batch normalization of (N, C) or (N, C, L) input; see <see cref="Functional.BatchNorm1d"/>.</summary>
    public static BatchNorm1d BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
        => new(numFeatures, eps, momentum, affine, trackRunningStats);

    /// <summary>Batch normalization of (N, C, H, W) input; see <see cref="Functional.BatchNorm2d"/>.</summary>
    public static BatchNorm2d BatchNorm2d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
        => new(numFeatures, eps, momentum, affine, trackRunningStats);

    /// <summary>Layers in sequence, as <c>nn.Sequential</c>.</summary>
    public static Sequential Sequential(params Layer[] layers) => new(layers);

    /// <summary>Named layers in sequence, as <c>nn.Sequential(OrderedDict(...))</c>: <c>Sequential(("features", f), ("classifier", c))</c>.</summary>
    public static Sequential Sequential(params (string Name, Layer Layer)[] children) => new(children);

    /// <summary>x + f(x).</summary>
    public static Residual Residual(Layer inner) => new(inner);

    /// <summary>Branches on the same input, outputs concatenated along the last dimension.</summary>
    public static Parallel Concat(params Layer[] branches) => new(Merge.Concat, branches);

    /// <summary>Branches on the same input, merged by <paramref name="merge"/>.</summary>
    public static Parallel Parallel(Merge merge, params Layer[] branches) => new(merge, branches);

    /// <summary>A cell folded over time (many-to-many); see <see cref="Functional.Scan"/>.</summary>
    public static Scan Scan(Cell cell, bool reverse = false, int truncate = 0) => new(cell, reverse, truncate);

    /// <summary>A scan and its reversed twin, outputs concatenated per step; see <see cref="Functional.Bidirectional"/>.</summary>
    public static Bidirectional Bidirectional(Scan forward) => new(forward);

    /// <summary><paramref name="n"/> recurrent layers stacked, dropout between them; see <see cref="Functional.Stack"/>.</summary>
    public static Stack Stack(int n, Func<int, SequenceLayer> layer, double dropout = 0) => new(n, layer, dropout);

    /// <summary>A layer applied at every step of a sequence; see <see cref="Functional.MapSeq"/>.</summary>
    public static MapSeq MapSeq(Layer layer) => new(layer);

    /// <summary>Token ids to vectors; see <see cref="Functional.Embedding"/>.</summary>
    public static Embedding Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null) => new(numEmbeddings, embeddingDim, paddingIdx);

    /// <summary>PyTorch's <c>nn.RNN</c> with <c>batch_first=True</c>; see <see cref="Functional.Rnn"/>.</summary>
    public static Rnn Rnn(int inputSize, int hiddenSize, int numLayers = 1, RnnNonlinearity nonlinearity = RnnNonlinearity.Tanh, bool bias = true, double dropout = 0, bool bidirectional = false)
        => new(inputSize, hiddenSize, numLayers, nonlinearity, bias, dropout, bidirectional);

    /// <summary>PyTorch's <c>nn.LSTM</c> with <c>batch_first=True</c>; see <see cref="Functional.Lstm"/>.</summary>
    public static Lstm Lstm(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, double dropout = 0, bool bidirectional = false)
        => new(inputSize, hiddenSize, numLayers, bias, dropout, bidirectional);

    /// <summary>PyTorch's <c>nn.GRU</c> with <c>batch_first=True</c>; see <see cref="Functional.Gru"/>.</summary>
    public static Gru Gru(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, double dropout = 0, bool bidirectional = false)
        => new(inputSize, hiddenSize, numLayers, bias, dropout, bidirectional);
}
