using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// A fully connected layer, <c>y = x·Wᵀ + b</c>, as PyTorch's <c>nn.Linear</c>: the weight is
/// (out, in), inputs are (..., in) and outputs (..., out).
/// </summary>
/// <example><code>
/// var layer = new Linear(784, 256);
/// var p = layer.Init&lt;float&gt;(Shape.Of(-1, 784), new Rng(0)).Params;   // WeightBias&lt;float&gt;: weight (256, 784), bias (256)
/// </code></example>
/// <remarks>Parameters: <see cref="WeightBias{T}"/>, <c>weight</c> (out, in) and an optional <c>bias</c> (out).</remarks>
public sealed class Linear : Layer
{
    /// <summary>Number of input features.</summary>
    public int In { get; }

    /// <summary>Number of output features.</summary>
    public int Out { get; }

    /// <summary>Whether the layer adds a bias.</summary>
    public bool HasBias { get; }

    /// <summary>Creates a linear layer from <paramref name="inFeatures"/> to <paramref name="outFeatures"/>.</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentException($"Linear({inFeatures} -> {outFeatures}): sizes must be positive");
        (In, Out, HasBias) = (inFeatures, outFeatures, bias);
    }

    /// <inheritdoc />
    public override string ToString() => HasBias ? $"Linear({In} -> {Out})" : $"Linear({In} -> {Out}, bias=false)";

    private void Check(Shape input)
    {
        if (input.Rank < 1 || input[-1] != In)
            throw new ShapeMismatchException($"{this} expects {In} input features, got {(input.Rank < 1 ? 0 : input[-1])} (input shape {input})");
    }

    /// <summary>
    /// PyTorch's default initialization: the weight is kaiming-uniform with a = √5, which is
    /// U(±1/√in), and the bias is U(±1/√in).
    /// </summary>
    public override Initialized<T> Init<T>(Shape input, Rng rng)
    {
        Check(input);
        var bound = 1.0 / Math.Sqrt(In);
        var (kw, kb) = rng.Split();
        var w = Tensor.Uniform<T>(kw, -bound, bound, Out, In);
        var b = HasBias ? Tensor.Uniform<T>(kb, -bound, bound, Out) : null;
        return new(new WeightBias<T>(w, b), Tree.Empty<T>(), input.With(-1, Out));
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
        => Forward(parameters, state, input, default(Rectifier.Fused<T>?));

    /// <summary>
    /// This layer followed by a rectifier, <c>ReLU</c> or <c>LeakyReLU(slope)</c> with slope ≥ 0 (<paramref name="rectifier"/>), as one layer: the rectifier runs in place on the GEMM's output while it is in cache, and its pullback
    /// runs in the same pass over dy as the bias gradient. <see cref="Sequential"/> takes this path for such a pair.
    /// The bits equal the pair's: the rectified output is positive exactly where the pre-activation is (slope ≥ 0), so
    /// the pullback's select on the output is the activation's select on its input.
    /// </summary>
    internal Forward<T> ForwardRectified<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Rectifier.Fused<T> rectifier) where T : unmanaged, IFloatingPointIeee754<T>
        => Forward(parameters, state, input, (Rectifier.Fused<T>?)rectifier);

    private Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Rectifier.Fused<T>? rectifier) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = Expect<WeightBias<T>>(parameters);
        Check(input.Shape);
        var rows = input.Size / In;
        var y = Buffers.New<T>(rows * Out);
        if (p.Bias is not null)
            for (var r = 0; r < rows; r++) p.Bias.Span.CopyTo(y.AsSpan(r * Out, Out));
        Blas.Gemm(false, true, rows, Out, In, T.One, input.Span, In, p.Weight.Span, In, p.Bias is null ? T.Zero : T.One, y, Out);
        if (rectifier is { } a)
        {
            // ReLU's own operation (max, which keeps NaN) or LeakyReLU's select, in place.
            if (a.Max) Work.Ranges(y.Length, (i, n) => TP.Max(y.AsSpan(i, n), T.Zero, y.AsSpan(i, n)));
            else Rectifier.Select(y, y, y, a.Slope);
        }
        var output = new Tensor<T>(input.Shape.With(-1, Out), y);

        return new(output, state, (dy, needInput) =>
        {
            var dz = dy;
            T[]? db = p.Bias is null ? null : Buffers.New<T>(Out);
            if (rectifier is { } a)
            {
                // The rectifier's pullback and the bias gradient in one pass over dy, row by row.
                var dzs = Buffers.Uninitialized<T>(dy.Size);
                for (var r = 0; r < rows; r++)
                {
                    var row = dzs.AsSpan(r * Out, Out);
                    Rectifier.Select(y.AsSpan(r * Out, Out), dy.Span.Slice(r * Out, Out), row, a.Slope);
                    if (db is not null) TP.Add(db, row, db);
                }
                dz = new Tensor<T>(dy.Shape, dzs);
            }
            else if (db is not null)
                for (var r = 0; r < rows; r++) TP.Add(db, dy.Span.Slice(r * Out, Out), db);
            var dw = Buffers.New<T>(Out * In);
            Blas.Gemm(true, false, Out, In, rows, T.One, dz.Span, Out, input.Span, In, T.Zero, dw, In);
            Tensor<T>? dx = null;
            if (needInput)
            {
                var dxs = Buffers.New<T>(rows * In);
                Blas.Gemm(false, false, rows, In, Out, T.One, dz.Span, Out, p.Weight.Span, In, T.Zero, dxs, In);
                dx = new Tensor<T>(input.Shape, dxs);
            }
            var grads = new WeightBias<T>(new Tensor<T>(p.Weight.Shape, dw), db is null ? null : new Tensor<T>(p.Bias!.Shape, db));
            return new Grads<T>(grads, dx);
        });
    }
}
