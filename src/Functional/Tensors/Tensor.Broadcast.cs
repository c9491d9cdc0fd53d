using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>A binary element-wise kernel on spans, plus its scalar form for the general broadcast path.</summary>
internal interface IBinaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract void Spans(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dst);
    static abstract void SpanScalar(ReadOnlySpan<T> x, T y, Span<T> dst);
    static abstract void ScalarSpan(T x, ReadOnlySpan<T> y, Span<T> dst);
    static abstract T Scalar(T x, T y);
}

internal readonly struct AddKernel<T> : IBinaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Spans(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Add(x, y, d);
    public static void SpanScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Add(x, y, d);
    public static void ScalarSpan(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Add(y, x, d);
    public static T Scalar(T x, T y) => x + y;
}

internal readonly struct SubKernel<T> : IBinaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Spans(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Subtract(x, y, d);
    public static void SpanScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Subtract(x, y, d);
    public static void ScalarSpan(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Subtract(x, y, d);
    public static T Scalar(T x, T y) => x - y;
}

internal readonly struct MulKernel<T> : IBinaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Spans(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Multiply(x, y, d);
    public static void SpanScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Multiply(x, y, d);
    public static void ScalarSpan(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Multiply(y, x, d);
    public static T Scalar(T x, T y) => x * y;
}

internal readonly struct DivKernel<T> : IBinaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Spans(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Divide(x, y, d);
    public static void SpanScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Divide(x, y, d);
    public static void ScalarSpan(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Divide(x, y, d);
    public static T Scalar(T x, T y) => x / y;
}

public static partial class Tensor
{
    /// <summary>The shape two operands broadcast to, following NumPy/PyTorch rules.</summary>
    public static Shape BroadcastShape(Shape a, Shape b)
    {
        var rank = Math.Max(a.Rank, b.Rank);
        var d = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i - (rank - a.Rank) >= 0 ? a[i - (rank - a.Rank)] : 1;
            var db = i - (rank - b.Rank) >= 0 ? b[i - (rank - b.Rank)] : 1;
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"shapes {a} and {b} cannot be broadcast together (dimension {i}: {da} vs {db})");
            d[i] = da == 1 ? db : da;
        }
        return new Shape(d);
    }

    internal static Tensor<T> Broadcast<T, TK>(Tensor<T> a, Tensor<T> b)
        where T : unmanaged, IFloatingPointIeee754<T> where TK : IBinaryKernel<T>
    {
        if (a.Shape == b.Shape)
        {
            var r = Buffers.New<T>(a.Size);
            TK.Spans(a.data, b.data, r);
            return new Tensor<T>(a.Shape, r);
        }
        var shape = BroadcastShape(a.Shape, b.Shape);
        var res = Buffers.New<T>(shape.Size);
        if (b.Size == 1) { TK.SpanScalar(a.data, b.data[0], res); return new Tensor<T>(shape, res); }
        if (a.Size == 1) { TK.ScalarSpan(a.data[0], b.data, res); return new Tensor<T>(shape, res); }
        // Fast path: one operand is a trailing block repeated over the leading dimensions (bias-like).
        if (a.Shape == shape && IsSuffix(b.Shape, shape))
        {
            for (var o = 0; o < res.Length; o += b.Size)
                TK.Spans(a.data.AsSpan(o, b.Size), b.data, res.AsSpan(o, b.Size));
            return new Tensor<T>(shape, res);
        }
        if (b.Shape == shape && IsSuffix(a.Shape, shape))
        {
            for (var o = 0; o < res.Length; o += a.Size)
                TK.Spans(a.data, b.data.AsSpan(o, a.Size), res.AsSpan(o, a.Size));
            return new Tensor<T>(shape, res);
        }
        var sa = BroadcastStrides(a.Shape, shape);
        var sb = BroadcastStrides(b.Shape, shape);
        var idx = new int[shape.Rank];
        int oa = 0, ob = 0;
        for (var o = 0; o < res.Length; o++)
        {
            res[o] = TK.Scalar(a.data[oa], b.data[ob]);
            for (var i = shape.Rank - 1; i >= 0; i--)
            {
                idx[i]++; oa += sa[i]; ob += sb[i];
                if (idx[i] < shape[i]) break;
                oa -= sa[i] * idx[i]; ob -= sb[i] * idx[i]; idx[i] = 0;
            }
        }
        return new Tensor<T>(shape, res);
    }

    /// <summary>
    /// <paramref name="x"/> repeated along its size-1 (or missing leading) dimensions to <paramref name="shape"/>
    /// (<c>torch.broadcast_to</c>). Returns <paramref name="x"/> itself when the shapes are equal; otherwise a copy.
    /// </summary>
    public static Tensor<T> BroadcastTo<T>(Tensor<T> x, Shape shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Shape == shape) return x;
        var ok = x.Rank <= shape.Rank;
        for (var i = 0; ok && i < x.Rank; i++)
            ok = x.Shape[i] == 1 || x.Shape[i] == shape[shape.Rank - x.Rank + i];
        if (!ok)
            throw new ArgumentException($"BroadcastTo: shape {x.Shape} cannot be broadcast to {shape}");
        var res = Buffers.New<T>(shape.Size);
        if (x.Size == 1) { Array.Fill(res, x.data[0]); return new Tensor<T>(shape, res); }
        var st = BroadcastStrides(x.Shape, shape);
        var idx = new int[shape.Rank];
        var off = 0;
        for (var o = 0; o < res.Length; o++)
        {
            res[o] = x.data[off];
            for (var i = shape.Rank - 1; i >= 0; i--)
            {
                idx[i]++; off += st[i];
                if (idx[i] < shape[i]) break;
                off -= st[i] * idx[i]; idx[i] = 0;
            }
        }
        return new Tensor<T>(shape, res);
    }

    private static bool IsSuffix(Shape small, Shape big)
    {
        var off = big.Rank - small.Rank;
        var i = 0;
        while (i < small.Rank && small[i] == 1) i++;   // leading ones are free
        for (; i < small.Rank; i++) if (small[i] != big[off + i]) return false;
        return true;
    }

    /// <summary>Strides of <paramref name="s"/> viewed inside <paramref name="target"/>, with 0 on broadcast axes.</summary>
    internal static int[] BroadcastStrides(Shape s, Shape target)
    {
        var st = new int[target.Rank];
        var off = target.Rank - s.Rank;
        for (int i = s.Rank - 1, acc = 1; i >= 0; i--)
        {
            st[i + off] = s[i] == 1 ? 0 : acc;
            acc *= s[i];
        }
        return st;
    }

    /// <summary>Element-wise sum with broadcasting.</summary>
    public static Tensor<T> Add<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T> => Broadcast<T, AddKernel<T>>(a, b);

    /// <summary>Element-wise difference with broadcasting.</summary>
    public static Tensor<T> Sub<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T> => Broadcast<T, SubKernel<T>>(a, b);

    /// <summary>Element-wise product with broadcasting.</summary>
    public static Tensor<T> Mul<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T> => Broadcast<T, MulKernel<T>>(a, b);

    /// <summary>Element-wise quotient with broadcasting.</summary>
    public static Tensor<T> Div<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T> => Broadcast<T, DivKernel<T>>(a, b);

    /// <summary>Applies <paramref name="f"/> to every element (a scalar loop; prefer the vectorized operations).</summary>
    public static Tensor<T> Map<T>(Tensor<T> x, Func<T, T> f) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = Buffers.New<T>(x.Size);
        for (var i = 0; i < r.Length; i++) r[i] = f(x.data[i]);
        return new Tensor<T>(x.Shape, r);
    }

    /// <summary>Applies a span kernel to every element: <c>Tensor.Apply(x, TensorPrimitives.Exp)</c>.</summary>
    internal static Tensor<T> Apply<T>(Tensor<T> x, SpanUnary<T> kernel) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = Buffers.New<T>(x.Size);
        kernel(x.data, r);
        return new Tensor<T>(x.Shape, r);
    }
}

/// <summary>A vectorized unary kernel from source to destination span.</summary>
internal delegate void SpanUnary<T>(ReadOnlySpan<T> x, Span<T> dst);

public sealed partial class Tensor<T>
{
    /// <summary>Element-wise sum with broadcasting.</summary>
    public static Tensor<T> operator +(Tensor<T> a, Tensor<T> b) => Tensor.Add(a, b);
    /// <summary>Element-wise difference with broadcasting.</summary>
    public static Tensor<T> operator -(Tensor<T> a, Tensor<T> b) => Tensor.Sub(a, b);
    /// <summary>Element-wise product with broadcasting.</summary>
    public static Tensor<T> operator *(Tensor<T> a, Tensor<T> b) => Tensor.Mul(a, b);
    /// <summary>Element-wise quotient with broadcasting.</summary>
    public static Tensor<T> operator /(Tensor<T> a, Tensor<T> b) => Tensor.Div(a, b);
    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor<T> operator +(Tensor<T> a, T s) { var r = Buffers.New<T>(a.Size); TP.Add(a.data, s, r); return new Tensor<T>(a.Shape, r); }
    /// <summary>Subtracts a scalar from every element.</summary>
    public static Tensor<T> operator -(Tensor<T> a, T s) { var r = Buffers.New<T>(a.Size); TP.Subtract(a.data, s, r); return new Tensor<T>(a.Shape, r); }
    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor<T> operator *(Tensor<T> a, T s) { var r = Buffers.New<T>(a.Size); TP.Multiply(a.data, s, r); return new Tensor<T>(a.Shape, r); }
    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor<T> operator *(T s, Tensor<T> a) => a * s;
    /// <summary>Divides every element by a scalar.</summary>
    public static Tensor<T> operator /(Tensor<T> a, T s) { var r = Buffers.New<T>(a.Size); TP.Divide(a.data, s, r); return new Tensor<T>(a.Shape, r); }
    /// <summary>Negates every element.</summary>
    public static Tensor<T> operator -(Tensor<T> a) { var r = Buffers.New<T>(a.Size); TP.Negate(a.data, r); return new Tensor<T>(a.Shape, r); }
}
