using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// One lane of a tensor along a dimension: <see cref="Length"/> elements starting at <see cref="Offset"/>,
/// <see cref="Stride"/> apart. Reductions and normalizations along any dimension are written once per lane.
/// </summary>
internal readonly record struct Lane(int Offset, int Stride, int Length)
{
    public bool Contiguous => Stride == 1;

    public void Gather<T>(ReadOnlySpan<T> src, Span<T> dst)
    {
        if (Contiguous) { src.Slice(Offset, Length).CopyTo(dst); return; }
        for (var k = 0; k < Length; k++) dst[k] = src[Offset + k * Stride];
    }

    public void Scatter<T>(ReadOnlySpan<T> src, Span<T> dst)
    {
        if (Contiguous) { src.CopyTo(dst.Slice(Offset, Length)); return; }
        for (var k = 0; k < Length; k++) dst[Offset + k * Stride] = src[k];
    }

    public void Softmax<T>(T[] x, T[] y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var bufLease = Buffers.Scratch<T>(Length > Buffers.StackElements ? Length : 0);
        Span<T> buf = Length <= Buffers.StackElements ? stackalloc T[Length] : bufLease.Span;
        Gather<T>(x, buf);
        var max = TP.Max<T>(buf);
        TP.Subtract(buf, max, buf);
        TP.Exp(buf, buf);
        TP.Divide(buf, TP.Sum<T>(buf), buf);
        Scatter<T>(buf, y);
    }

    public void LogSoftmax<T>(T[] x, T[] y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var bufLease = Buffers.Scratch<T>(Length > Buffers.StackElements ? Length : 0);
        Span<T> buf = Length <= Buffers.StackElements ? stackalloc T[Length] : bufLease.Span;
        using var eLease = Buffers.Scratch<T>(Length > Buffers.StackElements ? Length : 0);
        Span<T> e = Length <= Buffers.StackElements ? stackalloc T[Length] : eLease.Span;
        Gather<T>(x, buf);
        var max = TP.Max<T>(buf);
        TP.Subtract(buf, max, buf);
        TP.Exp(buf, e);
        var lse = T.Log(TP.Sum<T>(e));
        TP.Subtract(buf, lse, buf);
        Scatter<T>(buf, y);
    }

    /// <summary>dx = y·(dy - Σ dy·y) for y = softmax(x).</summary>
    public void SoftmaxBack<T>(T[] y, T[] dy, T[] dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var ysLease = Buffers.Scratch<T>(Length > Buffers.StackElements ? Length : 0);
        Span<T> ys = Length <= Buffers.StackElements ? stackalloc T[Length] : ysLease.Span;
        using var gsLease = Buffers.Scratch<T>(Length > Buffers.StackElements ? Length : 0);
        Span<T> gs = Length <= Buffers.StackElements ? stackalloc T[Length] : gsLease.Span;
        Gather<T>(y, ys);
        Gather<T>(dy, gs);
        var dot = TP.Dot<T>(ys, gs);
        TP.Subtract(gs, dot, gs);
        TP.Multiply(gs, ys, gs);
        Scatter<T>(gs, dx);
    }

    /// <summary>dx = dy - exp(y)·Σ dy for y = log_softmax(x).</summary>
    public void LogSoftmaxBack<T>(T[] y, T[] dy, T[] dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var ysLease = Buffers.Scratch<T>(Length > Buffers.StackElements ? Length : 0);
        Span<T> ys = Length <= Buffers.StackElements ? stackalloc T[Length] : ysLease.Span;
        using var gsLease = Buffers.Scratch<T>(Length > Buffers.StackElements ? Length : 0);
        Span<T> gs = Length <= Buffers.StackElements ? stackalloc T[Length] : gsLease.Span;
        Gather<T>(y, ys);
        Gather<T>(dy, gs);
        var sum = TP.Sum<T>(gs);
        TP.Exp(ys, ys);
        TP.MultiplyAdd(ys, -sum, gs, gs);
        Scatter<T>(gs, dx);
    }
}

internal static class Lanes
{
    /// <summary>Calls <paramref name="f"/> for every lane of <paramref name="shape"/> along <paramref name="dim"/>.</summary>
    public static void ForEach(Shape shape, int dim, Action<Lane> f)
    {
        if (shape.Rank == 0) { f(new Lane(0, 1, 1)); return; }
        var d = shape.Axis(dim);
        int outer = shape.Product(0, d), n = shape[d], inner = shape.Product(d + 1, shape.Rank);
        for (var o = 0; o < outer; o++)
            for (var i = 0; i < inner; i++)
                f(new Lane(o * n * inner + i, inner, n));
    }
}
