using System.Numerics;

namespace Functional;

/// <summary>Order statistics: arg-extrema, sorting and top-k. Indices are returned as whole-valued tensors of <c>T</c>.</summary>
public static partial class Tensor
{
    /// <summary>The flat (row-major) index of the largest element as a rank-0 tensor; the first one on ties, the first NaN if any (<c>x.argmax()</c>).</summary>
    public static Tensor<T> ArgMax<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Scalar(T.CreateTruncating(BestIndex(x, new Lane(0, 1, x.Size), largest: true, "ArgMax")));

    /// <summary>The indices of the largest elements along <paramref name="dim"/>; ties give the first index, NaN counts as largest (<c>x.argmax(dim)</c>).</summary>
    public static Tensor<T> ArgMax<T>(Tensor<T> x, int dim, bool keepDim = false) where T : unmanaged, IFloatingPointIeee754<T>
        => ArgBest(x, dim, keepDim, largest: true, "ArgMax");

    /// <summary>The flat index of the smallest element as a rank-0 tensor; the first one on ties, the first NaN if any (<c>x.argmin()</c>).</summary>
    public static Tensor<T> ArgMin<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Scalar(T.CreateTruncating(BestIndex(x, new Lane(0, 1, x.Size), largest: false, "ArgMin")));

    /// <summary>The indices of the smallest elements along <paramref name="dim"/>; ties give the first index, NaN wins (<c>x.argmin(dim)</c>).</summary>
    public static Tensor<T> ArgMin<T>(Tensor<T> x, int dim, bool keepDim = false) where T : unmanaged, IFloatingPointIeee754<T>
        => ArgBest(x, dim, keepDim, largest: false, "ArgMin");

    /// <summary>
    /// Sorts along <paramref name="dim"/> (<c>torch.sort(x, dim, descending, stable=True)</c>): the sorted values and,
    /// for each, its index in the input. The sort is stable (equal elements keep their order, also when descending)
    /// and NaN sorts above every number, as in PyTorch.
    /// </summary>
    public static (Tensor<T> Values, Tensor<T> Indices) Sort<T>(Tensor<T> x, int dim = -1, bool descending = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Rank == 0) return (x, Scalar(T.Zero));
        var values = Buffers.New<T>(x.Size);
        var indices = Buffers.New<T>(x.Size);
        var n = x.Shape[dim];
        var buf = Buffers.New<T>(n);
        var order = new int[n];
        Comparison<int> cmp = descending
            ? (i, j) => { var c = CompareNanLast(buf[j], buf[i]); return c != 0 ? c : i.CompareTo(j); }
            : (i, j) => { var c = CompareNanLast(buf[i], buf[j]); return c != 0 ? c : i.CompareTo(j); };
        Lanes.ForEach(x.Shape, dim, lane =>
        {
            lane.Gather<T>(x.data, buf);
            for (var k = 0; k < n; k++) order[k] = k;
            Array.Sort(order, cmp);
            for (var k = 0; k < n; k++)
            {
                values[lane.Offset + k * lane.Stride] = buf[order[k]];
                indices[lane.Offset + k * lane.Stride] = T.CreateTruncating(order[k]);
            }
        });
        return (new Tensor<T>(x.Shape, values), new Tensor<T>(x.Shape, indices));
    }

    /// <summary>
    /// The <paramref name="k"/> largest (or smallest) elements along <paramref name="dim"/>, sorted, with their indices
    /// (<c>torch.topk</c>). Equal elements come in index order; PyTorch's CPU kernel leaves their order unspecified,
    /// so on ties the indices may differ from PyTorch's while the values agree.
    /// </summary>
    public static (Tensor<T> Values, Tensor<T> Indices) TopK<T>(Tensor<T> x, int k, int dim = -1, bool largest = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = x.Rank == 0 ? 1 : x.Shape[dim];
        if (k < 0 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"TopK: k = {k} is out of range for dimension {dim} of shape {x.Shape}");
        var (v, i) = Sort(x, dim, descending: largest);
        return x.Rank == 0 ? (v, i) : (Narrow(v, dim, 0, k), Narrow(i, dim, 0, k));
    }

    /// <summary>Total order with NaN above everything (PyTorch's sort order).</summary>
    private static int CompareNanLast<T>(T a, T b) where T : IFloatingPointIeee754<T>
    {
        if (T.IsNaN(a)) return T.IsNaN(b) ? 0 : 1;
        if (T.IsNaN(b)) return -1;
        return a < b ? -1 : a > b ? 1 : 0;   // -0 == +0, as in PyTorch
    }

    private static Tensor<T> ArgBest<T>(Tensor<T> x, int dim, bool keepDim, bool largest, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Rank == 0)
        {
            if (dim is not (0 or -1)) throw new ArgumentOutOfRangeException(nameof(dim), $"{name}: dimension {dim} is out of range for a scalar");
            return Scalar(T.Zero);
        }
        var axis = x.Shape.Axis(dim);
        var outShape = x.Shape.With(axis, 1);
        var r = Buffers.New<T>(outShape.Size);
        var j = 0;
        Lanes.ForEach(x.Shape, axis, lane => r[j++] = T.CreateTruncating(BestIndex(x, lane, largest, name)));
        // Lanes come outer-major then inner, which is the row-major order of the reduced shape.
        var result = new Tensor<T>(outShape, r);
        return keepDim ? result : Squeeze(result, axis);
    }

    private static int BestIndex<T>(Tensor<T> x, Lane lane, bool largest, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (lane.Length == 0) throw new ArgumentException($"{name}: cannot reduce an empty dimension of shape {x.Shape}");
        var best = 0;
        var bv = x.data[lane.Offset];
        for (var k = 1; k < lane.Length && !T.IsNaN(bv); k++)
        {
            var v = x.data[lane.Offset + k * lane.Stride];
            if (T.IsNaN(v) || (largest ? v > bv : v < bv)) { best = k; bv = v; }
        }
        return best;
    }
}

public sealed partial class Tensor<T>
{
    /// <summary>The flat index of the largest element, as a rank-0 tensor.</summary>
    public Tensor<T> ArgMax() => Tensor.ArgMax(this);
    /// <summary>The indices of the largest elements along <paramref name="dim"/>.</summary>
    public Tensor<T> ArgMax(int dim, bool keepDim = false) => Tensor.ArgMax(this, dim, keepDim);
    /// <summary>The flat index of the smallest element, as a rank-0 tensor.</summary>
    public Tensor<T> ArgMin() => Tensor.ArgMin(this);
    /// <summary>The indices of the smallest elements along <paramref name="dim"/>.</summary>
    public Tensor<T> ArgMin(int dim, bool keepDim = false) => Tensor.ArgMin(this, dim, keepDim);

    /// <summary>
    /// The elements, in row-major order, as <see cref="int"/> indices: what <see cref="ArgMax(int, bool)"/> returns,
    /// ready for the metrics (PyTorch's <c>pred.argmax(1).tolist()</c>).
    /// </summary>
    /// <example><code>int[] predicted = net.Apply(p, s, x).ArgMax(1).ToIndices();</code></example>
    /// <exception cref="InvalidOperationException">An element is not a whole number in the range of <see cref="int"/>.</exception>
    public int[] ToIndices()
    {
        var src = Span;
        var r = new int[src.Length];
        for (var i = 0; i < r.Length; i++)
        {
            var v = double.CreateTruncating(src[i]);
            r[i] = v == Math.Floor(v) && v >= int.MinValue && v <= int.MaxValue
                ? (int)v
                : throw new InvalidOperationException($"ToIndices: element {i} is {src[i]}, not a whole number in the range of int");
        }
        return r;
    }
    /// <summary>Stable sort along <paramref name="dim"/>: values and their input indices (see <see cref="Tensor.Sort{T}"/>).</summary>
    public (Tensor<T> Values, Tensor<T> Indices) Sort(int dim = -1, bool descending = false) => Tensor.Sort(this, dim, descending);
    /// <summary>The <paramref name="k"/> largest (or smallest) elements along <paramref name="dim"/> and their indices.</summary>
    public (Tensor<T> Values, Tensor<T> Indices) TopK(int k, int dim = -1, bool largest = true) => Tensor.TopK(this, k, dim, largest);
}
