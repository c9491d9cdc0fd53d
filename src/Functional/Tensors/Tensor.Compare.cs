using System.Numerics;

namespace Functional;

/// <summary>A comparison of two elements.</summary>
internal interface IPredicate<T>
{
    static abstract bool Test(T a, T b);
}

internal readonly struct EqTest<T> : IPredicate<T> where T : IFloatingPointIeee754<T> { public static bool Test(T a, T b) => a == b; }
internal readonly struct NeTest<T> : IPredicate<T> where T : IFloatingPointIeee754<T> { public static bool Test(T a, T b) => a != b; }
internal readonly struct LtTest<T> : IPredicate<T> where T : IFloatingPointIeee754<T> { public static bool Test(T a, T b) => a < b; }
internal readonly struct LeTest<T> : IPredicate<T> where T : IFloatingPointIeee754<T> { public static bool Test(T a, T b) => a <= b; }
internal readonly struct GtTest<T> : IPredicate<T> where T : IFloatingPointIeee754<T> { public static bool Test(T a, T b) => a > b; }
internal readonly struct GeTest<T> : IPredicate<T> where T : IFloatingPointIeee754<T> { public static bool Test(T a, T b) => a >= b; }

/// <summary>Turns a predicate into a broadcasting kernel that writes 1 where it holds and 0 elsewhere.</summary>
internal readonly struct CompareKernel<T, TPred> : IBinaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T> where TPred : IPredicate<T>
{
    public static void Spans(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) { for (var i = 0; i < d.Length; i++) d[i] = Scalar(x[i], y[i]); }
    public static void SpanScalar(ReadOnlySpan<T> x, T y, Span<T> d) { for (var i = 0; i < d.Length; i++) d[i] = Scalar(x[i], y); }
    public static void ScalarSpan(T x, ReadOnlySpan<T> y, Span<T> d) { for (var i = 0; i < d.Length; i++) d[i] = Scalar(x, y[i]); }
    public static T Scalar(T x, T y) => TPred.Test(x, y) ? T.One : T.Zero;
}

/// <summary>
/// Comparisons and masks. A mask is a tensor of the same element type holding 1 (true) and 0 (false), since
/// tensors here have a floating-point element type; operations that take a mask treat any non-zero element as true.
/// </summary>
public static partial class Tensor
{
    /// <summary>1 where <c>a == b</c>, else 0, with broadcasting (<c>torch.eq</c>). NaN equals nothing.</summary>
    public static Tensor<T> Eq<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T> => Broadcast<T, CompareKernel<T, EqTest<T>>>(a, b);

    /// <summary>1 where <c>a != b</c>, else 0, with broadcasting (<c>torch.ne</c>).</summary>
    public static Tensor<T> Ne<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T> => Broadcast<T, CompareKernel<T, NeTest<T>>>(a, b);

    /// <summary>1 where <c>a &lt; b</c>, else 0, with broadcasting (<c>torch.lt</c>).</summary>
    public static Tensor<T> Lt<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T> => Broadcast<T, CompareKernel<T, LtTest<T>>>(a, b);

    /// <summary>1 where <c>a &lt;= b</c>, else 0, with broadcasting (<c>torch.le</c>).</summary>
    public static Tensor<T> Le<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T> => Broadcast<T, CompareKernel<T, LeTest<T>>>(a, b);

    /// <summary>1 where <c>a &gt; b</c>, else 0, with broadcasting (<c>torch.gt</c>).</summary>
    public static Tensor<T> Gt<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T> => Broadcast<T, CompareKernel<T, GtTest<T>>>(a, b);

    /// <summary>1 where <c>a &gt;= b</c>, else 0, with broadcasting (<c>torch.ge</c>).</summary>
    public static Tensor<T> Ge<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T> => Broadcast<T, CompareKernel<T, GeTest<T>>>(a, b);

    /// <summary>
    /// Picks <paramref name="a"/> where <paramref name="mask"/> is non-zero and <paramref name="b"/> elsewhere; all
    /// three broadcast together (<c>torch.where(mask, a, b)</c>).
    /// </summary>
    public static Tensor<T> Where<T>(Tensor<T> mask, Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shape shape;
        try { shape = BroadcastShape(BroadcastShape(mask.Shape, a.Shape), b.Shape); }
        catch (ArgumentException) { throw new ArgumentException($"Where: mask {mask.Shape}, a {a.Shape} and b {b.Shape} cannot be broadcast together"); }
        var (m, x, y) = (BroadcastTo(mask, shape).data, BroadcastTo(a, shape).data, BroadcastTo(b, shape).data);
        var r = Buffers.New<T>(shape.Size);
        for (var i = 0; i < r.Length; i++) r[i] = m[i] != T.Zero ? x[i] : y[i];
        return new Tensor<T>(shape, r);
    }

    /// <summary>
    /// <paramref name="x"/> with <paramref name="value"/> wherever <paramref name="mask"/> is non-zero; the two
    /// broadcast together (<c>x.masked_fill(mask, value)</c>).
    /// </summary>
    public static Tensor<T> MaskedFill<T>(Tensor<T> x, Tensor<T> mask, T value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shape shape;
        try { shape = BroadcastShape(x.Shape, mask.Shape); }
        catch (ArgumentException) { throw new ArgumentException($"MaskedFill: mask {mask.Shape} cannot be broadcast with tensor {x.Shape}"); }
        var (m, d) = (BroadcastTo(mask, shape).data, BroadcastTo(x, shape).data);
        var r = Buffers.New<T>(shape.Size);
        for (var i = 0; i < r.Length; i++) r[i] = m[i] != T.Zero ? value : d[i];
        return new Tensor<T>(shape, r);
    }

    /// <summary>
    /// Whether <c>|a - b| &lt;= atol + rtol·|b|</c> for every element after broadcasting (<c>torch.allclose</c>);
    /// NaNs are equal only when <paramref name="equalNan"/> is set.
    /// </summary>
    public static bool AllClose<T>(Tensor<T> a, Tensor<T> b, double rtol = 1e-5, double atol = 1e-8, bool equalNan = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shape = BroadcastShape(a.Shape, b.Shape);
        var (x, y) = (BroadcastTo(a, shape).data, BroadcastTo(b, shape).data);
        for (var i = 0; i < x.Length; i++)
        {
            double u = double.CreateTruncating(x[i]), v = double.CreateTruncating(y[i]);
            if (double.IsNaN(u) || double.IsNaN(v)) { if (equalNan && double.IsNaN(u) && double.IsNaN(v)) continue; return false; }
            if (u == v) continue;   // equal infinities
            if (!(Math.Abs(u - v) <= atol + rtol * Math.Abs(v))) return false;
        }
        return true;
    }

    /// <summary>Whether the two tensors have the same shape and equal elements (<c>torch.equal</c>; NaN is never equal).</summary>
    public static bool Equal<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Shape != b.Shape) return false;
        for (var i = 0; i < a.Size; i++) if (a.data[i] != b.data[i]) return false;
        return true;
    }
}

public sealed partial class Tensor<T>
{
    /// <summary>1 where this equals <paramref name="other"/>, else 0 (broadcasting).</summary>
    public Tensor<T> Eq(Tensor<T> other) => Tensor.Eq(this, other);
    /// <summary>1 where this equals <paramref name="s"/>, else 0.</summary>
    public Tensor<T> Eq(T s) => Tensor.Eq(this, Tensor.Scalar(s));
    /// <summary>1 where this differs from <paramref name="other"/>, else 0 (broadcasting).</summary>
    public Tensor<T> Ne(Tensor<T> other) => Tensor.Ne(this, other);
    /// <summary>1 where this differs from <paramref name="s"/>, else 0.</summary>
    public Tensor<T> Ne(T s) => Tensor.Ne(this, Tensor.Scalar(s));
    /// <summary>1 where this is less than <paramref name="other"/>, else 0 (broadcasting).</summary>
    public Tensor<T> Lt(Tensor<T> other) => Tensor.Lt(this, other);
    /// <summary>1 where this is less than <paramref name="s"/>, else 0.</summary>
    public Tensor<T> Lt(T s) => Tensor.Lt(this, Tensor.Scalar(s));
    /// <summary>1 where this is at most <paramref name="other"/>, else 0 (broadcasting).</summary>
    public Tensor<T> Le(Tensor<T> other) => Tensor.Le(this, other);
    /// <summary>1 where this is at most <paramref name="s"/>, else 0.</summary>
    public Tensor<T> Le(T s) => Tensor.Le(this, Tensor.Scalar(s));
    /// <summary>1 where this is greater than <paramref name="other"/>, else 0 (broadcasting).</summary>
    public Tensor<T> Gt(Tensor<T> other) => Tensor.Gt(this, other);
    /// <summary>1 where this is greater than <paramref name="s"/>, else 0.</summary>
    public Tensor<T> Gt(T s) => Tensor.Gt(this, Tensor.Scalar(s));
    /// <summary>1 where this is at least <paramref name="other"/>, else 0 (broadcasting).</summary>
    public Tensor<T> Ge(Tensor<T> other) => Tensor.Ge(this, other);
    /// <summary>1 where this is at least <paramref name="s"/>, else 0.</summary>
    public Tensor<T> Ge(T s) => Tensor.Ge(this, Tensor.Scalar(s));

    /// <summary>This tensor with <paramref name="value"/> wherever <paramref name="mask"/> is non-zero (broadcasting).</summary>
    public Tensor<T> MaskedFill(Tensor<T> mask, T value) => Tensor.MaskedFill(this, mask, value);
}
