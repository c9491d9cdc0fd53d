using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Functional;

/// <summary>The one vector kernel behind ReLU and LeakyReLU, forward and pullback: a select on the sign of x.</summary>
internal static class Rectifier
{
    /// <summary>
    /// How <paramref name="layer"/> rectifies when it can fuse with the layer before it: ReLU (its max, which keeps NaN),
    /// or a LeakyReLU whose slope is not negative (then its output is positive exactly where its input is); else null.
    /// </summary>
    public static Fused<T>? Of<T>(Layer layer) where T : unmanaged, IFloatingPointIeee754<T> => layer switch
    {
        ReLU => new Fused<T>(true, T.Zero),
        LeakyReLU l when l.NegativeSlope >= 0 => new Fused<T>(false, T.CreateTruncating(l.NegativeSlope)),
        _ => null,
    };

    /// <summary>A rectifier fused into the layer before it: ReLU's max when <paramref name="Max"/>, else the select with <paramref name="Slope"/>.</summary>
    public readonly record struct Fused<T>(bool Max, T Slope) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// <c>dst[i] = x[i] &gt; 0 ? v[i] : v[i]·slope</c>, and exactly 0 where x ≤ 0 when <paramref name="slope"/> is 0
    /// (PyTorch's threshold: an infinite gradient does not become NaN). Forward passes v = x; the pullback, v = dy.
    /// Split across threads for large tensors; every element is computed alone, so the bits do not depend on it.
    /// </summary>
    public static void Select<T>(T[] x, T[] v, T[] dst, T slope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length != v.Length || x.Length != dst.Length)
            throw new ShapeMismatchException($"rectifier: {v.Length} values against an input of {x.Length}");
        Work.Ranges(dst.Length, (start, length) => Select(x.AsSpan(start, length), v.AsSpan(start, length), dst.AsSpan(start, length), slope));
    }

    /// <summary>The same select on spans, on the calling thread (<paramref name="dst"/> may be <paramref name="x"/> or <paramref name="v"/>).</summary>
    internal static void Select<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> v, Span<T> dst, T slope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var zero = slope == T.Zero;
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var vr = ref MemoryMarshal.GetReference(v);
        ref var dr = ref MemoryMarshal.GetReference(dst);
        int i = 0, n = dst.Length;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            var s = Vector512.Create(slope);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var u = (nuint)i;
                var vv = Vector512.LoadUnsafe(ref vr, u);
                var positive = Vector512.GreaterThan(Vector512.LoadUnsafe(ref xr, u), Vector512<T>.Zero);
                Vector512.ConditionalSelect(positive, vv, zero ? Vector512<T>.Zero : vv * s).StoreUnsafe(ref dr, u);
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            var s = Vector256.Create(slope);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var u = (nuint)i;
                var vv = Vector256.LoadUnsafe(ref vr, u);
                var positive = Vector256.GreaterThan(Vector256.LoadUnsafe(ref xr, u), Vector256<T>.Zero);
                Vector256.ConditionalSelect(positive, vv, zero ? Vector256<T>.Zero : vv * s).StoreUnsafe(ref dr, u);
            }
        }
        for (; i < n; i++) dst[i] = x[i] > T.Zero ? v[i] : zero ? T.Zero : v[i] * slope;
    }
}
