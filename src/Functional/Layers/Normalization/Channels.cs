using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// The per-channel loops of batch normalization over a contiguous (N, C, S) layout, where S is the
/// product of the spatial dimensions (1 for (N, C) input). With S = 1 each sample is one row of C values
/// and the loops run along rows; otherwise each (sample, channel) pair is a contiguous span of S values.
/// Either way the inner work is a <see cref="TP"/> call on a contiguous span. With S &gt; 1 the loops are split
/// across threads (<see cref="Work"/>): element-wise ones by sample, reductions by channel, so every sum is still
/// taken in one order and the bits do not depend on the thread count.
/// </summary>
internal readonly record struct Channels(int N, int C, int S)
{
    /// <summary>The layout of <paramref name="shape"/>: (shape[0], shape[1], product of the rest).</summary>
    public static Channels Of(Shape shape) => new(shape[0], shape[1], shape.Product(2, shape.Rank));

    /// <summary>The number of values each channel holds: N·S.</summary>
    public int PerChannel => N * S;

    private long Size => (long)N * C * S;

    /// <summary><c>y = x·a[c] + b[c]</c>; <paramref name="y"/> may be <paramref name="x"/> itself.</summary>
    public void Affine<T>(T[] x, T[] a, T[] b, T[] y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (n, c, s) = (N, C, S);
        if (s == 1)
            for (var i = 0; i < n; i++) TP.MultiplyAdd(x.AsSpan(i * c, c), a, b, y.AsSpan(i * c, c));
        else
        {
            var shifts = Buffers.Uninitialized<T>(c * s);                        // b[c] repeated S times, per channel
            for (var j = 0; j < c; j++) shifts.AsSpan(j * s, s).Fill(b[j]);
            Work.For(n, Size, i =>
            {
                for (var j = 0; j < c; j++)
                {
                    var o = (i * c + j) * s;
                    TP.MultiplyAdd(x.AsSpan(o, s), a[j], shifts.AsSpan(j * s, s), y.AsSpan(o, s));
                }
            });
        }
    }

    /// <summary><c>y += z·a[c]</c>.</summary>
    public void AddScaled<T>(T[] z, T[] a, T[] y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (n, c, s) = (N, C, S);
        if (s == 1)
            for (var i = 0; i < n; i++) TP.MultiplyAdd(z.AsSpan(i * c, c), a, y.AsSpan(i * c, c), y.AsSpan(i * c, c));
        else
            Work.For(n, Size, i =>
            {
                for (var j = 0; j < c; j++)
                {
                    var o = (i * c + j) * s;
                    TP.MultiplyAdd(z.AsSpan(o, s), a[j], y.AsSpan(o, s), y.AsSpan(o, s));
                }
            });
    }

    /// <summary>
    /// Per-channel <c>sum[c] = Σ x</c> and <c>dot[c] = Σ x·w</c>, both fresh (length C). An empty
    /// <paramref name="w"/> skips the dot product; <paramref name="withSum"/> false skips the sum.
    /// </summary>
    public (T[] Sum, T[] Dot) SumDot<T>(T[] x, T[] w, bool withSum = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (n, c, s) = (N, C, S);
        var sum = Buffers.New<T>(c);
        var dot = Buffers.New<T>(c);
        var withDot = w.Length != 0;
        if (s == 1)
            for (var i = 0; i < n; i++)
            {
                var xr = x.AsSpan(i * c, c);
                if (withSum) TP.Add(sum, xr, sum);
                if (withDot) TP.MultiplyAdd(xr, w.AsSpan(i * c, c), dot, dot);
            }
        else
            Work.For(c, Size, j =>
            {
                for (var i = 0; i < n; i++)
                {
                    var o = (i * c + j) * s;
                    if (withSum) sum[j] += TP.Sum(x.AsSpan(o, s));
                    if (withDot) dot[j] += TP.Dot(x.AsSpan(o, s), w.AsSpan(o, s));
                }
            });
        return (sum, dot);
    }
}
