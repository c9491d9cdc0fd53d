using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Functional;

/// <summary>
/// The micro-kernels: a 6×(2 vectors) tile of C held in twelve vector registers, updated by one broadcast of
/// packed A and two loads of packed B per k. Full tiles are stored straight into C; edge tiles go through a
/// small stack buffer. C = alpha·acc (beta == 0, C not read) or alpha·acc + beta·C.
/// </summary>
internal sealed unsafe partial class ManagedGemm
{
    [SkipLocalsInit]
    static void Kernel256<T>(int kc, T* a, T* b, T* c, int ldc, T alpha, T beta, int mr, int nr)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector256<T>.Count;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++, a += MR, b += 2 * w)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + w);
            var x = Vector256.Create(a[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector256.Create(a[1]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector256.Create(a[2]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector256.Create(a[3]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector256.Create(a[4]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector256.Create(a[5]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
        }
        var full = mr == MR && nr == 2 * w;
        var tile = stackalloc T[MR * 2 * Vector256<T>.Count];
        T* dst = full ? c : tile;
        int ld = full ? ldc : 2 * w;
        T al = full ? alpha : T.One, be = full ? beta : T.Zero;
        Store(dst, w, c00, c01, al, be); Store(dst + ld, w, c10, c11, al, be); Store(dst + 2 * ld, w, c20, c21, al, be);
        Store(dst + 3 * ld, w, c30, c31, al, be); Store(dst + 4 * ld, w, c40, c41, al, be); Store(dst + 5 * ld, w, c50, c51, al, be);
        if (!full) Edge(tile, 2 * w, c, ldc, alpha, beta, mr, nr);
    }

    [SkipLocalsInit]
    static void Kernel512<T>(int kc, T* a, T* b, T* c, int ldc, T alpha, T beta, int mr, int nr)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++, a += MR, b += 2 * w)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + w);
            var x = Vector512.Create(a[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector512.Create(a[1]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector512.Create(a[2]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector512.Create(a[3]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector512.Create(a[4]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector512.Create(a[5]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
        }
        var full = mr == MR && nr == 2 * w;
        var tile = stackalloc T[MR * 2 * Vector512<T>.Count];
        T* dst = full ? c : tile;
        int ld = full ? ldc : 2 * w;
        T al = full ? alpha : T.One, be = full ? beta : T.Zero;
        Store(dst, w, c00, c01, al, be); Store(dst + ld, w, c10, c11, al, be); Store(dst + 2 * ld, w, c20, c21, al, be);
        Store(dst + 3 * ld, w, c30, c31, al, be); Store(dst + 4 * ld, w, c40, c41, al, be); Store(dst + 5 * ld, w, c50, c51, al, be);
        if (!full) Edge(tile, 2 * w, c, ldc, alpha, beta, mr, nr);
    }

    /// <summary>Writes one tile row: c[0..2w) = alpha·(v0, v1) (+ beta·c unless beta is zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store<T>(T* c, int w, Vector256<T> v0, Vector256<T> v1, T alpha, T beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var va = Vector256.Create(alpha);
        if (beta == T.Zero)
        {
            (va * v0).Store(c);
            (va * v1).Store(c + w);
        }
        else
        {
            var vb = Vector256.Create(beta);
            Fma(va, v0, vb * Vector256.Load(c)).Store(c);
            Fma(va, v1, vb * Vector256.Load(c + w)).Store(c + w);
        }
    }

    /// <inheritdoc cref="Store{T}(T*, int, Vector256{T}, Vector256{T}, T, T)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store<T>(T* c, int w, Vector512<T> v0, Vector512<T> v1, T alpha, T beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var va = Vector512.Create(alpha);
        if (beta == T.Zero)
        {
            (va * v0).Store(c);
            (va * v1).Store(c + w);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Fma(va, v0, vb * Vector512.Load(c)).Store(c);
            Fma(va, v1, vb * Vector512.Load(c + w)).Store(c + w);
        }
    }

    /// <summary>Adds the top-left mr×nr corner of a finished tile into C, with alpha and beta.</summary>
    static void Edge<T>(T* tile, int ld, T* c, int ldc, T alpha, T beta, int mr, int nr) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < mr; i++)
        {
            T* row = c + (nint)i * ldc, t = tile + i * ld;
            for (var j = 0; j < nr; j++)
                row[j] = beta == T.Zero ? alpha * t[j] : alpha * t[j] + beta * row[j];
        }
    }

    /// <summary>x·y + z, fused when the hardware has FMA (the JIT folds the type tests per instantiation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported && typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported && typeof(T) == typeof(double))
            return Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
        return x * y + z;
    }

    /// <inheritdoc cref="Fma{T}(Vector256{T}, Vector256{T}, Vector256{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<T> Fma<T>(Vector512<T> x, Vector512<T> y, Vector512<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Avx512F.IsSupported && typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        if (Avx512F.IsSupported && typeof(T) == typeof(double))
            return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
        return x * y + z;
    }
}
