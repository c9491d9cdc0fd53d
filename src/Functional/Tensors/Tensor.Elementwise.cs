using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

internal readonly struct PowKernel<T> : IBinaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Spans(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Pow(x, y, d);
    public static void SpanScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Pow(x, y, d);
    public static void ScalarSpan(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Pow(x, y, d);
    public static T Scalar(T x, T y) => T.Pow(x, y);
}

internal readonly struct MaximumKernel<T> : IBinaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Spans(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Max(x, y, d);
    public static void SpanScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Max(x, y, d);
    public static void ScalarSpan(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Max(y, x, d);
    public static T Scalar(T x, T y) => T.Max(x, y);
}

internal readonly struct MinimumKernel<T> : IBinaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Spans(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Min(x, y, d);
    public static void SpanScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Min(x, y, d);
    public static void ScalarSpan(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Min(y, x, d);
    public static T Scalar(T x, T y) => T.Min(x, y);
}

/// <summary>Element-wise math: powers, exponentials, absolute value, clamping.</summary>
public static partial class Tensor
{
    /// <summary>
    /// <c>x^p</c> for a scalar exponent (<c>torch.pow(x, p)</c>). As in PyTorch, the exponents 0, 1, 2, 3, 0.5,
    /// -0.5, -1 and -2 are computed by multiplication, square root or reciprocal rather than a general power.
    /// </summary>
    public static Tensor<T> Pow<T>(Tensor<T> x, T p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = Buffers.New<T>(x.Size);
        var two = T.One + T.One;
        var half = T.One / two;
        if (p == T.Zero) Array.Fill(r, T.One);
        else if (p == T.One) x.data.CopyTo(r, 0);
        else if (p == two) TP.Multiply(x.data, x.data, r);
        else if (p == two + T.One) { TP.Multiply(x.data, x.data, r); TP.Multiply(r, x.data, r); }
        else if (p == half) TP.Sqrt(x.data, r);
        else if (p == -half) { TP.Sqrt(x.data, r); TP.Divide(T.One, r, r); }
        else if (p == -T.One) TP.Divide(T.One, x.data, r);
        else if (p == -two) { TP.Multiply(x.data, x.data, r); TP.Divide(T.One, r, r); }
        else TP.Pow(x.data, p, r);
        return new Tensor<T>(x.Shape, r);
    }

    /// <summary><c>x^p</c> element-wise with broadcasting (<c>torch.pow(x, p)</c> for two tensors).</summary>
    public static Tensor<T> Pow<T>(Tensor<T> x, Tensor<T> p) where T : unmanaged, IFloatingPointIeee754<T>
        => Broadcast<T, PowKernel<T>>(x, p);

    /// <summary>The element-wise maximum with broadcasting; NaN propagates (<c>torch.maximum</c>).</summary>
    public static Tensor<T> Maximum<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
        => Broadcast<T, MaximumKernel<T>>(a, b);

    /// <summary>The element-wise minimum with broadcasting; NaN propagates (<c>torch.minimum</c>).</summary>
    public static Tensor<T> Minimum<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
        => Broadcast<T, MinimumKernel<T>>(a, b);

    /// <summary><c>e^x</c> element-wise.</summary>
    public static Tensor<T> Exp<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Apply<T>(x, TP.Exp);

    /// <summary>The natural logarithm element-wise (NaN below zero, -∞ at zero).</summary>
    public static Tensor<T> Log<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Apply<T>(x, TP.Log);

    /// <summary>The absolute value element-wise.</summary>
    public static Tensor<T> Abs<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Apply<T>(x, TP.Abs);

    /// <summary>The square root element-wise (NaN below zero).</summary>
    public static Tensor<T> Sqrt<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Apply<T>(x, TP.Sqrt);

    /// <summary><c>x·x</c> element-wise (<c>torch.square</c>).</summary>
    public static Tensor<T> Square<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = Buffers.New<T>(x.Size);
        TP.Multiply(x.data, x.data, r);
        return new Tensor<T>(x.Shape, r);
    }

    /// <summary>The negation element-wise (<c>-x</c>).</summary>
    public static Tensor<T> Neg<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Apply<T>(x, TP.Negate);

    /// <summary>
    /// Clamps every element into [<paramref name="min"/>, <paramref name="max"/>]; either bound may be omitted
    /// (<c>torch.clamp</c>). NaN stays NaN; when <paramref name="min"/> &gt; <paramref name="max"/> every element
    /// becomes <paramref name="max"/>, as in PyTorch.
    /// </summary>
    public static Tensor<T> Clamp<T>(Tensor<T> x, T? min = null, T? max = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (min is null && max is null) throw new ArgumentException($"Clamp: at least one of min and max must be given (tensor of shape {x.Shape})");
        var r = (T[])x.data.Clone();
        if (min is { } lo) TP.Max(r, lo, r);
        if (max is { } hi) TP.Min(r, hi, r);
        return new Tensor<T>(x.Shape, r);
    }

    /// <summary>-1, 0 or 1 by the sign of each element; NaN and ±0 give 0, as <c>torch.sign</c> does.</summary>
    public static Tensor<T> Sign<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = Buffers.New<T>(x.Size);
        for (var i = 0; i < r.Length; i++)
        {
            var v = x.data[i];
            r[i] = v > T.Zero ? T.One : v < T.Zero ? -T.One : T.Zero;
        }
        return new Tensor<T>(x.Shape, r);
    }
}

public sealed partial class Tensor<T>
{
    /// <summary><c>x^p</c> element-wise (see <see cref="Tensor.Pow{T}(Tensor{T}, T)"/>).</summary>
    public Tensor<T> Pow(T p) => Tensor.Pow(this, p);

    /// <summary><c>x^p</c> element-wise with broadcasting.</summary>
    public Tensor<T> Pow(Tensor<T> p) => Tensor.Pow(this, p);

    /// <summary><c>e^x</c> element-wise.</summary>
    public Tensor<T> Exp() => Tensor.Exp(this);

    /// <summary>The natural logarithm element-wise.</summary>
    public Tensor<T> Log() => Tensor.Log(this);

    /// <summary>The absolute value element-wise.</summary>
    public Tensor<T> Abs() => Tensor.Abs(this);

    /// <summary>The square root element-wise.</summary>
    public Tensor<T> Sqrt() => Tensor.Sqrt(this);

    /// <summary><c>x·x</c> element-wise.</summary>
    public Tensor<T> Square() => Tensor.Square(this);

    /// <summary>The negation element-wise.</summary>
    public Tensor<T> Neg() => Tensor.Neg(this);

    /// <summary>Clamps every element into [<paramref name="min"/>, <paramref name="max"/>] (see <see cref="Tensor.Clamp{T}"/>).</summary>
    public Tensor<T> Clamp(T? min = null, T? max = null) => Tensor.Clamp(this, min, max);

    /// <summary>-1, 0 or 1 by the sign of each element.</summary>
    public Tensor<T> Sign() => Tensor.Sign(this);

    /// <summary>Adds every element to a scalar.</summary>
    public static Tensor<T> operator +(T s, Tensor<T> a) => a + s;

    /// <summary>Subtracts every element from a scalar.</summary>
    public static Tensor<T> operator -(T s, Tensor<T> a) { var r = Buffers.New<T>(a.Size); TP.Subtract(s, a.data, r); return new Tensor<T>(a.Shape, r); }

    /// <summary>Divides a scalar by every element.</summary>
    public static Tensor<T> operator /(T s, Tensor<T> a) { var r = Buffers.New<T>(a.Size); TP.Divide(s, a.data, r); return new Tensor<T>(a.Shape, r); }
}
