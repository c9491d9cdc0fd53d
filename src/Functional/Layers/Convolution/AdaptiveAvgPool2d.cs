using System.Numerics;

namespace Functional;

/// <summary>
/// Adaptive average pooling over NCHW images, PyTorch's <c>nn.AdaptiveAvgPool2d</c>: the output has a fixed
/// (OH, OW) size whatever the input size, and output row i averages input rows <c>⌊i·H/OH⌋ .. ⌈(i+1)·H/OH⌉ − 1</c>
/// (likewise columns), so windows may overlap or differ in size. With (1, 1) it is global average pooling.
/// </summary>
/// <example><code>
/// var gap = new AdaptiveAvgPool2d(1);          // (N, C, H, W) -> (N, C, 1, 1)
/// </code></example>
public sealed class AdaptiveAvgPool2d : Activation
{
    /// <summary>The output height and width.</summary>
    public (int H, int W) OutputSize { get; }

    /// <summary>A square (size, size) output.</summary>
    public AdaptiveAvgPool2d(int outputSize) : this((outputSize, outputSize)) { }

    /// <summary>An (height, width) output.</summary>
    public AdaptiveAvgPool2d((int H, int W) outputSize)
    {
        OutputSize = outputSize;
        if (outputSize.H <= 0 || outputSize.W <= 0) throw new ArgumentException($"{this}: the output size must be positive");
    }

    /// <inheritdoc />
    public override string ToString() => $"AdaptiveAvgPool2d({OutputSize.H}x{OutputSize.W})";

    /// <inheritdoc />
    protected override Shape Output(Shape input)
    {
        var (_, c, _, _) = Images.Dims(input, this);
        return Images.With(input, c, OutputSize.H, OutputSize.W);
    }

    private static (int Start, int End) Range(int i, int size, int outSize)
        => ((int)((long)i * size / outSize), (int)(((long)(i + 1) * size + outSize - 1) / outSize));

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var outShape = Output(input.Shape);
        var (n, c, h, w) = Images.Dims(input.Shape, this);
        var (oh, ow) = OutputSize;
        var planes = n * c;
        var y = Buffers.New<T>(planes * oh * ow);
        var x = input.Span;
        for (var pl = 0; pl < planes; pl++)
        {
            var plane = x.Slice(pl * h * w, h * w);
            for (var i = 0; i < oh; i++)
            {
                var (h0, h1) = Range(i, h, oh);
                for (var j = 0; j < ow; j++)
                {
                    var (w0, w1) = Range(j, w, ow);
                    var sum = T.Zero;
                    for (var r = h0; r < h1; r++)
                        for (var q = w0; q < w1; q++) sum += plane[r * w + q];
                    y[(pl * oh + i) * ow + j] = sum / T.CreateChecked((h1 - h0) * (w1 - w0));
                }
            }
        }
        return Stateless(new Tensor<T>(outShape, y), state, dy =>
        {
            var dx = Buffers.New<T>(input.Size);
            var d = dy.Span;
            for (var pl = 0; pl < planes; pl++)
            {
                var plane = dx.AsSpan(pl * h * w, h * w);
                for (var i = 0; i < oh; i++)
                {
                    var (h0, h1) = Range(i, h, oh);
                    for (var j = 0; j < ow; j++)
                    {
                        var (w0, w1) = Range(j, w, ow);
                        var gr = d[(pl * oh + i) * ow + j] / T.CreateChecked((h1 - h0) * (w1 - w0));
                        for (var r = h0; r < h1; r++)
                            for (var q = w0; q < w1; q++) plane[r * w + q] += gr;
                    }
                }
            }
            return new Tensor<T>(input.Shape, dx);
        });
    }
}
