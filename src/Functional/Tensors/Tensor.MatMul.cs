using System.Numerics;

namespace Functional;

public static partial class Tensor
{
    /// <summary>
    /// Matrix product with PyTorch's <c>matmul</c> rules for ranks 1 to 3: (m,k)·(k,n) → (m,n);
    /// (b,m,k)·(b,k,n) → (b,m,n) (batched); (b,m,k)·(k,n) → (b,m,n); a 1-D operand is a vector.
    /// </summary>
    public static Tensor<T> MatMul<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Rank == 1 && b.Rank == 1)
            return MatMul(a.Reshape(1, -1), b.Reshape(-1, 1)).Reshape();
        if (a.Rank == 1) return MatMul(a.Reshape(1, -1), b) is var r1 ? Squeeze(r1, -2) : null!;
        if (b.Rank == 1) return MatMul(a, b.Reshape(-1, 1)) is var r2 ? Squeeze(r2, -1) : null!;
        if (a.Rank == 2 && b.Rank == 2) return MatMul2(a, b, transA: false, transB: false);
        if (a.Rank == 3 && b.Rank == 2)
        {
            var flat = MatMul2(a.Reshape(-1, a.Shape[2]), b, false, false);
            return flat.Reshape(a.Shape[0], a.Shape[1], b.Shape[1]);
        }
        if (a.Rank == 3 && b.Rank == 3) return BatchedMatMul(a, b);
        throw new ArgumentException($"MatMul: unsupported shapes {a.Shape} and {b.Shape}");
    }

    /// <summary>op(a)·op(b) for 2-D tensors, where op transposes when asked.</summary>
    public static Tensor<T> MatMul2<T>(Tensor<T> a, Tensor<T> b, bool transA, bool transB) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Rank != 2 || b.Rank != 2) throw new ArgumentException($"MatMul expects 2-D tensors, got {a.Shape} and {b.Shape}");
        int m = transA ? a.Shape[1] : a.Shape[0], k = transA ? a.Shape[0] : a.Shape[1];
        int kb = transB ? b.Shape[1] : b.Shape[0], n = transB ? b.Shape[0] : b.Shape[1];
        if (k != kb) throw new ArgumentException($"MatMul: shapes {a.Shape}{(transA ? "ᵀ" : "")} and {b.Shape}{(transB ? "ᵀ" : "")} cannot be multiplied ({k} vs {kb})");
        var c = Buffers.New<T>(m * n);
        Blas.Gemm(transA, transB, m, n, k, T.One, a.data, a.Shape[1], b.data, b.Shape[1], T.Zero, c, n);
        return new Tensor<T>(new Shape(m, n), c);
    }

    /// <summary>Batched product: (b,m,k)·(b,k,n) → (b,m,n).</summary>
    public static Tensor<T> BatchedMatMul<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Rank != 3 || b.Rank != 3 || a.Shape[0] != b.Shape[0] || a.Shape[2] != b.Shape[1])
            throw new ArgumentException($"BatchedMatMul: shapes {a.Shape} and {b.Shape} cannot be multiplied");
        int bs = a.Shape[0], m = a.Shape[1], k = a.Shape[2], n = b.Shape[2];
        var c = Buffers.New<T>(bs * m * n);
        for (var i = 0; i < bs; i++)
            Blas.Gemm(false, false, m, n, k, T.One, a.data.AsSpan(i * m * k, m * k), k,
                b.data.AsSpan(i * k * n, k * n), n, T.Zero, c.AsSpan(i * m * n, m * n), n);
        return new Tensor<T>(new Shape(bs, m, n), c);
    }

    /// <summary>The transpose of a 2-D tensor, or the swap of two axes of any tensor.</summary>
    public static Tensor<T> Transpose<T>(Tensor<T> x, int axis0 = -2, int axis1 = -1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int a0 = x.Shape.Axis(axis0), a1 = x.Shape.Axis(axis1);
        if (a0 == a1) return x;
        var perm = new int[x.Rank];
        for (var i = 0; i < perm.Length; i++) perm[i] = i;
        (perm[a0], perm[a1]) = (perm[a1], perm[a0]);
        return Permute(x, perm);
    }

    /// <summary>Reorders the axes: output axis i is input axis <paramref name="perm"/>[i].</summary>
    public static Tensor<T> Permute<T>(Tensor<T> x, params int[] perm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (perm.Length != x.Rank || perm.Distinct().Count() != perm.Length || perm.Any(p => p < 0 || p >= x.Rank))
            throw new ArgumentException($"Permute: [{string.Join(", ", perm)}] is not a permutation of the axes of {x.Shape}");
        var rank = x.Rank;
        var inStrides = new int[rank];
        for (int i = rank - 1, s = 1; i >= 0; i--) { inStrides[i] = s; s *= x.Shape[i]; }
        var outDims = new int[rank];
        var strides = new int[rank];
        for (var i = 0; i < rank; i++) { outDims[i] = x.Shape[perm[i]]; strides[i] = inStrides[perm[i]]; }
        var r = Buffers.New<T>(x.Size);
        var idx = new int[rank];
        for (var o = 0; o < r.Length; o++)
        {
            var off = 0;
            for (var i = 0; i < rank; i++) off += idx[i] * strides[i];
            r[o] = x.data[off];
            for (var i = rank - 1; i >= 0; i--)
            {
                if (++idx[i] < outDims[i]) break;
                idx[i] = 0;
            }
        }
        return new Tensor<T>(new Shape(outDims), r);
    }

    /// <summary>Removes dimension <paramref name="axis"/>, which must have size 1.</summary>
    public static Tensor<T> Squeeze<T>(Tensor<T> x, int axis) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = x.Shape.Axis(axis);
        if (x.Shape[a] != 1) throw new ArgumentException($"Squeeze: dimension {axis} of {x.Shape} is not 1");
        var d = x.Shape.ToList();
        d.RemoveAt(a);
        return x.Reshape(d.ToArray());
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="axis"/> (negative counts from the end of the result).</summary>
    public static Tensor<T> Unsqueeze<T>(Tensor<T> x, int axis) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = axis < 0 ? axis + x.Rank + 1 : axis;
        if (a < 0 || a > x.Rank) throw new ArgumentOutOfRangeException(nameof(axis), $"Unsqueeze: axis {axis} out of range for {x.Shape}");
        var d = x.Shape.ToList();
        d.Insert(a, 1);
        return x.Reshape(d.ToArray());
    }
}
