using System.Numerics;

namespace Functional;

public static partial class Tensor
{
    /// <summary>Concatenates tensors along <paramref name="dim"/>; all other dimensions must agree (PyTorch's <c>torch.cat</c>).</summary>
    public static Tensor<T> Cat<T>(IReadOnlyList<Tensor<T>> parts, int dim = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (parts.Count == 0) throw new ArgumentException("Cat needs at least one tensor");
        var first = parts[0].Shape;
        var d = first.Axis(dim);
        var total = 0;
        foreach (var p in parts)
        {
            if (p.Rank != first.Rank || Enumerable.Range(0, first.Rank).Any(a => a != d && p.Shape[a] != first[a]))
                throw new ArgumentException($"Cat along {dim}: shape {p.Shape} does not match {first}");
            total += p.Shape[d];
        }
        var outShape = first.With(d, total);
        int outer = first.Product(0, d), inner = first.Product(d + 1, first.Rank);
        var r = Buffers.New<T>(outShape.Size);
        var offset = 0;
        foreach (var p in parts)
        {
            var block = p.Shape[d] * inner;
            for (var o = 0; o < outer; o++)
                p.data.AsSpan(o * block, block).CopyTo(r.AsSpan(o * total * inner + offset));
            offset += block;
        }
        return new Tensor<T>(outShape, r);
    }

    /// <summary>Stacks equal-shaped tensors along a new dimension <paramref name="dim"/> (PyTorch's <c>torch.stack</c>).</summary>
    public static Tensor<T> Stack<T>(IReadOnlyList<Tensor<T>> parts, int dim = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (parts.Count == 0) throw new ArgumentException("Stack needs at least one tensor");
        foreach (var p in parts)
            if (p.Shape != parts[0].Shape) throw new ArgumentException($"Stack: shape {p.Shape} does not match {parts[0].Shape}");
        return Cat(parts.Select(p => Unsqueeze(p, dim)).ToArray(), dim < 0 ? dim : dim);
    }

    /// <summary>Splits along <paramref name="dim"/> into pieces of the given sizes, which must add up to that dimension.</summary>
    public static Tensor<T>[] Split<T>(Tensor<T> x, int[] sizes, int dim = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = x.Shape.Axis(dim);
        if (sizes.Sum() != x.Shape[d] || sizes.Any(s => s < 0))
            throw new ArgumentException($"Split: sizes [{string.Join(", ", sizes)}] do not add up to dimension {dim} of {x.Shape}");
        int outer = x.Shape.Product(0, d), inner = x.Shape.Product(d + 1, x.Rank), n = x.Shape[d];
        var result = new Tensor<T>[sizes.Length];
        var offset = 0;
        for (var i = 0; i < sizes.Length; i++)
        {
            var block = sizes[i] * inner;
            var r = Buffers.New<T>(outer * block);
            for (var o = 0; o < outer; o++)
                x.data.AsSpan(o * n * inner + offset * inner, block).CopyTo(r.AsSpan(o * block));
            result[i] = new Tensor<T>(x.Shape.With(d, sizes[i]), r);
            offset += sizes[i];
        }
        return result;
    }

    /// <summary>Splits along <paramref name="dim"/> into pieces of <paramref name="size"/> (the last may be smaller), as <c>torch.split(x, size)</c>.</summary>
    public static Tensor<T>[] Split<T>(Tensor<T> x, int size, int dim = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (size <= 0) throw new ArgumentException("Split: size must be positive");
        var n = x.Shape[dim];
        var sizes = new List<int>();
        for (var s = 0; s < n; s += size) sizes.Add(Math.Min(size, n - s));
        return Split(x, sizes.ToArray(), dim);
    }

    /// <summary>Splits along <paramref name="dim"/> into <paramref name="chunks"/> pieces of ceil(n/chunks), as <c>torch.chunk</c>.</summary>
    public static Tensor<T>[] Chunk<T>(Tensor<T> x, int chunks, int dim = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (chunks <= 0) throw new ArgumentException("Chunk: chunks must be positive");
        var n = x.Shape[dim];
        return Split(x, Math.Max(1, (n + chunks - 1) / chunks), dim);
    }
}
