using System.Numerics;

namespace Functional;

/// <summary>Indexing along one dimension: slices, single positions and index lists. Each returns a new contiguous tensor.</summary>
public static partial class Tensor
{
    /// <summary>
    /// Elements <paramref name="start"/>, <paramref name="start"/> + <paramref name="step"/>, ... before
    /// <paramref name="end"/> along <paramref name="dim"/>: PyTorch's <c>x[:, start:end:step]</c>. As in Python,
    /// negative bounds count from the end, omitted bounds mean the whole dimension, out-of-range bounds are clamped
    /// and an empty range gives a dimension of size 0. The step must be positive, as in PyTorch.
    /// </summary>
    /// <example><code>var firstTwoColumns = Tensor.Slice(x, dim: 1, start: 0, end: 2);   // x[:, 0:2]</code></example>
    public static Tensor<T> Slice<T>(Tensor<T> x, int dim, int? start = null, int? end = null, int step = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (step <= 0) throw new ArgumentException($"Slice: step must be positive, got {step} (tensor of shape {x.Shape})");
        var axis = AxisOf(x, dim, "Slice");
        var n = x.Shape[axis];
        int Clamp(int? v, int dflt) => v is not { } i ? dflt : Math.Clamp(i < 0 ? i + n : i, 0, n);
        int s = Clamp(start, 0), e = Clamp(end, n);
        var len = e > s ? (e - s + step - 1) / step : 0;
        return Gather(x, axis, Enumerable.Range(0, len).Select(k => s + k * step).ToArray(), keepAxis: true);
    }

    /// <summary>
    /// <paramref name="length"/> consecutive elements from <paramref name="start"/> along <paramref name="dim"/>
    /// (<c>torch.narrow</c>); a negative start counts from the end. Unlike <see cref="Slice{T}"/>, the range must fit.
    /// </summary>
    public static Tensor<T> Narrow<T>(Tensor<T> x, int dim, int start, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var axis = AxisOf(x, dim, "Narrow");
        var n = x.Shape[axis];
        var s = start < 0 ? start + n : start;
        if (s < 0 || length < 0 || s + length > n)
            throw new ArgumentOutOfRangeException(nameof(start), $"Narrow: start {start} and length {length} do not fit dimension {dim} of shape {x.Shape}");
        return Gather(x, axis, Enumerable.Range(s, length).ToArray(), keepAxis: true);
    }

    /// <summary>
    /// The slice at <paramref name="index"/> along <paramref name="dim"/>, with that dimension removed: PyTorch's
    /// <c>x[:, i]</c> or <c>x.select(dim, i)</c>. A negative index counts from the end.
    /// </summary>
    public static Tensor<T> Select<T>(Tensor<T> x, int dim, int index) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var axis = AxisOf(x, dim, "Select");
        var n = x.Shape[axis];
        var i = index < 0 ? index + n : index;
        if (i < 0 || i >= n)
            throw new IndexOutOfRangeException($"Select: index {index} is out of range for dimension {dim} of shape {x.Shape}");
        return Gather(x, axis, [i], keepAxis: false);
    }

    /// <summary>
    /// The slices at the given positions along <paramref name="dim"/>, in that order, repeats allowed
    /// (<c>torch.index_select</c>). Indices must lie in [0, n), as in PyTorch.
    /// </summary>
    public static Tensor<T> IndexSelect<T>(Tensor<T> x, int dim, int[] indices) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var axis = AxisOf(x, dim, "IndexSelect");
        var n = x.Shape[axis];
        foreach (var i in indices)
            if (i < 0 || i >= n)
                throw new IndexOutOfRangeException($"IndexSelect: index {i} is out of range for dimension {dim} of shape {x.Shape}");
        return Gather(x, axis, indices, keepAxis: true);
    }

    /// <summary>
    /// <see cref="IndexSelect{T}(Tensor{T}, int, int[])"/> with the indices in a 1-D (or rank-0) tensor of whole numbers,
    /// such as the indices returned by <see cref="Sort{T}"/> or <see cref="ArgMax{T}(Tensor{T})"/>.
    /// </summary>
    public static Tensor<T> IndexSelect<T>(Tensor<T> x, int dim, Tensor<T> indices) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (indices.Rank > 1) throw new ArgumentException($"IndexSelect: indices must be 1-D, got shape {indices.Shape} (tensor of shape {x.Shape})");
        var idx = new int[indices.Size];
        for (var k = 0; k < idx.Length; k++)
        {
            var v = indices.data[k];
            if (!T.IsInteger(v)) throw new ArgumentException($"IndexSelect: index {v} is not a whole number (tensor of shape {x.Shape})");
            idx[k] = int.CreateSaturating(v);
        }
        return IndexSelect(x, dim, idx);
    }

    private static int AxisOf<T>(Tensor<T> x, int dim, string op) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Rank == 0) throw new ArgumentException($"{op}: a scalar (shape {x.Shape}) has no dimension to index");
        if (dim < -x.Rank || dim >= x.Rank) throw new ArgumentOutOfRangeException(nameof(dim), $"{op}: dimension {dim} is out of range for shape {x.Shape}");
        return x.Shape.Axis(dim);
    }

    /// <summary>Copies the blocks at <paramref name="positions"/> of <paramref name="axis"/>, in order.</summary>
    private static Tensor<T> Gather<T>(Tensor<T> x, int axis, int[] positions, bool keepAxis) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outer = x.Shape.Product(0, axis), n = x.Shape[axis], inner = x.Shape.Product(axis + 1, x.Rank), m = positions.Length;
        var r = Buffers.New<T>(outer * m * inner);
        var src = x.data.AsSpan();
        var run = m > 0 && positions[^1] - positions[0] == m - 1 && positions.Distinct().Count() == m;   // consecutive
        for (var o = 0; o < outer; o++)
            if (run) src.Slice((o * n + positions[0]) * inner, m * inner).CopyTo(r.AsSpan(o * m * inner));
            else for (var k = 0; k < m; k++)
                src.Slice((o * n + positions[k]) * inner, inner).CopyTo(r.AsSpan((o * m + k) * inner, inner));
        var dims = x.Shape.ToList();
        if (keepAxis) dims[axis] = m; else dims.RemoveAt(axis);
        return new Tensor<T>(new Shape(dims.ToArray()), r);
    }
}

public sealed partial class Tensor<T>
{
    /// <summary>PyTorch's <c>x[:, start:end:step]</c> along <paramref name="dim"/> (see <see cref="Tensor.Slice{T}"/>).</summary>
    public Tensor<T> Slice(int dim, int? start = null, int? end = null, int step = 1) => Tensor.Slice(this, dim, start, end, step);

    /// <summary><paramref name="length"/> consecutive elements from <paramref name="start"/> along <paramref name="dim"/> (<c>x.narrow</c>).</summary>
    public Tensor<T> Narrow(int dim, int start, int length) => Tensor.Narrow(this, dim, start, length);

    /// <summary>The slice at <paramref name="index"/> along <paramref name="dim"/>, that dimension removed (<c>x.select(dim, i)</c>).</summary>
    public Tensor<T> Select(int dim, int index) => Tensor.Select(this, dim, index);

    /// <summary>The slices at <paramref name="indices"/> along <paramref name="dim"/> (<c>x.index_select</c>).</summary>
    public Tensor<T> IndexSelect(int dim, params int[] indices) => Tensor.IndexSelect(this, dim, indices);

    /// <summary>The slices at the whole-valued <paramref name="indices"/> along <paramref name="dim"/> (<c>x.index_select</c>).</summary>
    public Tensor<T> IndexSelect(int dim, Tensor<T> indices) => Tensor.IndexSelect(this, dim, indices);
}
