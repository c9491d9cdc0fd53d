using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>Reductions: sums, means, extrema, variance and standard deviation, over everything or over dimensions.</summary>
public static partial class Tensor
{
    private enum Reduction { Sum, Max, Min }

    /// <summary>The sum of all elements, as a rank-0 tensor (<c>x.sum()</c>).</summary>
    public static Tensor<T> Sum<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Scalar(TP.Sum<T>(x.data));

    /// <summary>The sums along <paramref name="dim"/> (negative counts from the end), keeping it as size 1 when <paramref name="keepDim"/> (<c>x.sum(dim, keepdim)</c>).</summary>
    public static Tensor<T> Sum<T>(Tensor<T> x, int dim, bool keepDim = false) where T : unmanaged, IFloatingPointIeee754<T>
        => Reduce(x, [dim], keepDim, Reduction.Sum, "Sum");

    /// <summary>The sums over several dimensions at once (<c>x.sum((0, 2))</c>); an empty list sums everything, as in PyTorch.</summary>
    public static Tensor<T> Sum<T>(Tensor<T> x, int[] dims, bool keepDim = false) where T : unmanaged, IFloatingPointIeee754<T>
        => Reduce(x, dims, keepDim, Reduction.Sum, "Sum");

    /// <summary>The mean of all elements, as a rank-0 tensor (NaN for an empty tensor).</summary>
    public static Tensor<T> Mean<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Scalar(TP.Sum<T>(x.data) / T.CreateTruncating(x.Size));

    /// <summary>The means along <paramref name="dim"/> (<c>x.mean(dim, keepdim)</c>).</summary>
    public static Tensor<T> Mean<T>(Tensor<T> x, int dim, bool keepDim = false) where T : unmanaged, IFloatingPointIeee754<T>
        => Mean(x, [dim], keepDim);

    /// <summary>The means over several dimensions at once (<c>x.mean((0, 2, 3))</c>); an empty list averages everything.</summary>
    public static Tensor<T> Mean<T>(Tensor<T> x, int[] dims, bool keepDim = false) where T : unmanaged, IFloatingPointIeee754<T>
        => Reduce(x, dims, keepDim, Reduction.Sum, "Mean") / T.CreateTruncating(ReducedCount(x.Shape, dims));

    /// <summary>The largest element as a rank-0 tensor; NaN if any element is NaN (<c>x.max()</c>).</summary>
    public static Tensor<T> Max<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Size == 0) throw new ArgumentException($"Max: the tensor of shape {x.Shape} is empty");
        return Scalar(TP.Max<T>(x.data));
    }

    /// <summary>
    /// The largest elements along <paramref name="dim"/> (the values of PyTorch's <c>x.max(dim)</c>; its indices are
    /// <see cref="ArgMax{T}(Tensor{T}, int, bool)"/>). NaN propagates.
    /// </summary>
    public static Tensor<T> Max<T>(Tensor<T> x, int dim, bool keepDim = false) where T : unmanaged, IFloatingPointIeee754<T>
        => Reduce(x, [dim], keepDim, Reduction.Max, "Max");

    /// <summary>The smallest element as a rank-0 tensor; NaN if any element is NaN (<c>x.min()</c>).</summary>
    public static Tensor<T> Min<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Size == 0) throw new ArgumentException($"Min: the tensor of shape {x.Shape} is empty");
        return Scalar(TP.Min<T>(x.data));
    }

    /// <summary>The smallest elements along <paramref name="dim"/> (the values of PyTorch's <c>x.min(dim)</c>). NaN propagates.</summary>
    public static Tensor<T> Min<T>(Tensor<T> x, int dim, bool keepDim = false) where T : unmanaged, IFloatingPointIeee754<T>
        => Reduce(x, [dim], keepDim, Reduction.Min, "Min");

    /// <summary>
    /// The variance of all elements, as a rank-0 tensor: the mean squared deviation divided by n - 1 when
    /// <paramref name="unbiased"/> (PyTorch's default, Bessel's correction), by n otherwise (NumPy's and scikit-learn's).
    /// </summary>
    public static Tensor<T> Var<T>(Tensor<T> x, bool unbiased = true) where T : unmanaged, IFloatingPointIeee754<T>
        => Var(x, [], unbiased, keepDim: false);

    /// <summary>The variances along <paramref name="dim"/> (<c>x.var(dim, unbiased, keepdim)</c>); see <see cref="Var{T}(Tensor{T}, bool)"/>.</summary>
    public static Tensor<T> Var<T>(Tensor<T> x, int dim, bool unbiased = true, bool keepDim = false) where T : unmanaged, IFloatingPointIeee754<T>
        => Var(x, [dim], unbiased, keepDim);

    /// <summary>
    /// The variances over several dimensions at once, e.g. <c>(0, 2, 3)</c> for batch norm over NCHW images; an
    /// empty list takes everything. With one element and <paramref name="unbiased"/> the result is NaN, as in PyTorch.
    /// </summary>
    public static Tensor<T> Var<T>(Tensor<T> x, int[] dims, bool unbiased = true, bool keepDim = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dev = x - Mean(x, dims, keepDim: true);
        TP.Multiply(dev.data, dev.data, dev.data);   // dev was just allocated by the subtraction
        var n = ReducedCount(x.Shape, dims);
        return Reduce(dev, dims, keepDim, Reduction.Sum, "Var") / T.CreateTruncating(unbiased ? n - 1 : n);
    }

    /// <summary>The standard deviation of all elements: the square root of <see cref="Var{T}(Tensor{T}, bool)"/>.</summary>
    public static Tensor<T> Std<T>(Tensor<T> x, bool unbiased = true) where T : unmanaged, IFloatingPointIeee754<T>
        => Sqrt(Var(x, unbiased));

    /// <summary>The standard deviations along <paramref name="dim"/> (<c>x.std(dim, unbiased, keepdim)</c>).</summary>
    public static Tensor<T> Std<T>(Tensor<T> x, int dim, bool unbiased = true, bool keepDim = false) where T : unmanaged, IFloatingPointIeee754<T>
        => Sqrt(Var(x, dim, unbiased, keepDim));

    /// <summary>The standard deviations over several dimensions at once.</summary>
    public static Tensor<T> Std<T>(Tensor<T> x, int[] dims, bool unbiased = true, bool keepDim = false) where T : unmanaged, IFloatingPointIeee754<T>
        => Sqrt(Var(x, dims, unbiased, keepDim));

    /// <summary>The distinct normalized axes of <paramref name="dims"/>, all axes when empty.</summary>
    private static int[] ReducedAxes(Shape shape, int[] dims, string op)
    {
        if (dims.Length == 0) return Enumerable.Range(0, shape.Rank).ToArray();
        var axes = new int[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] < -Math.Max(shape.Rank, 1) || dims[i] >= Math.Max(shape.Rank, 1))
                throw new ArgumentOutOfRangeException(nameof(dims), $"{op}: dimension {dims[i]} is out of range for shape {shape}");
            axes[i] = shape.Rank == 0 ? 0 : shape.Axis(dims[i]);
        }
        if (axes.Distinct().Count() != axes.Length)
            throw new ArgumentException($"{op}: dimension listed twice in [{string.Join(", ", dims)}] for shape {shape}");
        return axes;
    }

    private static int ReducedCount(Shape shape, int[] dims)
    {
        var n = 1;
        if (shape.Rank > 0) foreach (var a in ReducedAxes(shape, dims, "reduction")) n *= shape[a];
        return n;
    }

    private static Tensor<T> Reduce<T>(Tensor<T> x, int[] dims, bool keepDim, Reduction op, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Rank == 0) { ReducedAxes(x.Shape, dims, name); return x; }
        var axes = ReducedAxes(x.Shape, dims, name).OrderDescending().ToArray();
        var r = x;
        foreach (var a in axes) r = ReduceAxis(r, a, op, name);   // each keeps its axis as size 1
        if (keepDim) return r;
        var kept = Enumerable.Range(0, x.Rank).Where(a => !axes.Contains(a)).Select(a => x.Shape[a]).ToArray();
        return r.Reshape(kept);
    }

    /// <summary>Reduces one axis to size 1, vectorized along contiguous runs.</summary>
    private static Tensor<T> ReduceAxis<T>(Tensor<T> x, int axis, Reduction op, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outer = x.Shape.Product(0, axis), n = x.Shape[axis], inner = x.Shape.Product(axis + 1, x.Rank);
        if (n == 0 && op != Reduction.Sum)
            throw new ArgumentException($"{name}: dimension {axis} of shape {x.Shape} is empty");
        var r = Buffers.New<T>(outer * inner);
        var src = x.data.AsSpan();
        for (var o = 0; o < outer; o++)
        {
            var block = src.Slice(o * n * inner, n * inner);
            if (inner == 1)
            {
                r[o] = op switch { Reduction.Sum => TP.Sum<T>(block), Reduction.Max => TP.Max<T>(block), _ => TP.Min<T>(block) };
                continue;
            }
            var acc = r.AsSpan(o * inner, inner);
            if (n == 0) continue;
            block[..inner].CopyTo(acc);
            for (var k = 1; k < n; k++)
            {
                var row = block.Slice(k * inner, inner);
                switch (op)
                {
                    case Reduction.Sum: TP.Add(acc, row, acc); break;
                    case Reduction.Max: TP.Max(acc, row, acc); break;
                    default: TP.Min(acc, row, acc); break;
                }
            }
        }
        return new Tensor<T>(x.Shape.With(axis, 1), r);
    }
}

public sealed partial class Tensor<T>
{
    /// <summary>The sum of all elements, as a rank-0 tensor.</summary>
    public Tensor<T> Sum() => Tensor.Sum(this);
    /// <summary>The sums along <paramref name="dim"/>.</summary>
    public Tensor<T> Sum(int dim, bool keepDim = false) => Tensor.Sum(this, dim, keepDim);
    /// <summary>The sums over several dimensions.</summary>
    public Tensor<T> Sum(int[] dims, bool keepDim = false) => Tensor.Sum(this, dims, keepDim);
    /// <summary>The mean of all elements, as a rank-0 tensor.</summary>
    public Tensor<T> Mean() => Tensor.Mean(this);
    /// <summary>The means along <paramref name="dim"/>.</summary>
    public Tensor<T> Mean(int dim, bool keepDim = false) => Tensor.Mean(this, dim, keepDim);
    /// <summary>The means over several dimensions.</summary>
    public Tensor<T> Mean(int[] dims, bool keepDim = false) => Tensor.Mean(this, dims, keepDim);
    /// <summary>The largest element, as a rank-0 tensor.</summary>
    public Tensor<T> Max() => Tensor.Max(this);
    /// <summary>The largest elements along <paramref name="dim"/>.</summary>
    public Tensor<T> Max(int dim, bool keepDim = false) => Tensor.Max(this, dim, keepDim);
    /// <summary>The smallest element, as a rank-0 tensor.</summary>
    public Tensor<T> Min() => Tensor.Min(this);
    /// <summary>The smallest elements along <paramref name="dim"/>.</summary>
    public Tensor<T> Min(int dim, bool keepDim = false) => Tensor.Min(this, dim, keepDim);
    /// <summary>The variance of all elements (unbiased by default, as in PyTorch).</summary>
    public Tensor<T> Var(bool unbiased = true) => Tensor.Var(this, unbiased);
    /// <summary>The variances along <paramref name="dim"/>.</summary>
    public Tensor<T> Var(int dim, bool unbiased = true, bool keepDim = false) => Tensor.Var(this, dim, unbiased, keepDim);
    /// <summary>The variances over several dimensions.</summary>
    public Tensor<T> Var(int[] dims, bool unbiased = true, bool keepDim = false) => Tensor.Var(this, dims, unbiased, keepDim);
    /// <summary>The standard deviation of all elements (unbiased by default).</summary>
    public Tensor<T> Std(bool unbiased = true) => Tensor.Std(this, unbiased);
    /// <summary>The standard deviations along <paramref name="dim"/>.</summary>
    public Tensor<T> Std(int dim, bool unbiased = true, bool keepDim = false) => Tensor.Std(this, dim, unbiased, keepDim);
    /// <summary>The standard deviations over several dimensions.</summary>
    public Tensor<T> Std(int[] dims, bool unbiased = true, bool keepDim = false) => Tensor.Std(this, dims, unbiased, keepDim);
}
