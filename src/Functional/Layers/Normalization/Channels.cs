using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// The per-channel loops of batch normalization over a contiguous (N, C, S) layout, where S is the
/// product of the spatial dimensions (1 for (N, C) input). With S = 1 each sample is one row of C values
/// and the loops run along rows; otherwise each (sample, channel) pair is a contiguous span of S values.
/// Either way the inner work is a <see cref="TP"/> call on a contiguous span.
/// </summary>
internal readonly record struct Channels(int N, int C, int S)
{
    /// <summary>The layout of <paramref name="shape"/>: (shape[0], shape[1], product of the rest).</summary>
    public static Channels Of(Shape shape) => new(shape[0], shape[1], shape.Product(2, shape.Rank));

    /// <summary>The number of values each channel holds: N·S.</summary>
    public int PerChannel => N * S;

    /// <summary><c>y = x·a[c] + b[c]</c>; <paramref name="y"/> may be <paramref name="x"/> itself.</summary>
    public void Affine<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (S == 1)
            for (var n = 0; n < N; n++) TP.MultiplyAdd(x.Slice(n * C, C), a, b, y.Slice(n * C, C));
        else
        {
            var shifts = Buffers.New<T>(C * S);                                  // b[c] repeated S times, per channel
            for (var c = 0; c < C; c++) shifts.AsSpan(c * S, S).Fill(b[c]);
            for (var n = 0; n < N; n++)
                for (var c = 0; c < C; c++)
                {
                    var o = (n * C + c) * S;
                    TP.MultiplyAdd(x.Slice(o, S), a[c], shifts.AsSpan(c * S, S), y.Slice(o, S));
                }
        }
    }

    /// <summary><c>y += z·a[c]</c>.</summary>
    public void AddScaled<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (S == 1)
            for (var n = 0; n < N; n++) TP.MultiplyAdd(z.Slice(n * C, C), a, y.Slice(n * C, C), y.Slice(n * C, C));
        else
            for (var n = 0; n < N; n++)
                for (var c = 0; c < C; c++)
                {
                    var o = (n * C + c) * S;
                    TP.MultiplyAdd(z.Slice(o, S), a[c], y.Slice(o, S), y.Slice(o, S));
                }
    }

    /// <summary>
    /// Per-channel <c>sum[c] = Σ x</c> and <c>dot[c] = Σ x·w</c>, both fresh (length C). An empty
    /// <paramref name="w"/> skips the dot product; <paramref name="withSum"/> false skips the sum.
    /// </summary>
    public (T[] Sum, T[] Dot) SumDot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, bool withSum = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sum = Buffers.New<T>(C);
        var dot = Buffers.New<T>(C);
        var withDot = !w.IsEmpty;
        if (S == 1)
            for (var n = 0; n < N; n++)
            {
                var xr = x.Slice(n * C, C);
                if (withSum) TP.Add(sum, xr, sum);
                if (withDot) TP.MultiplyAdd(xr, w.Slice(n * C, C), dot, dot);
            }
        else
            for (var n = 0; n < N; n++)
                for (var c = 0; c < C; c++)
                {
                    var o = (n * C + c) * S;
                    if (withSum) sum[c] += TP.Sum(x.Slice(o, S));
                    if (withDot) dot[c] += TP.Dot(x.Slice(o, S), w.Slice(o, S));
                }
        return (sum, dot);
    }
}
