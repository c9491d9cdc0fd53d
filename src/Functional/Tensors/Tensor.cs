using System.Numerics;

namespace Functional;

/// <summary>
/// An immutable, contiguous, row-major tensor of <typeparamref name="T"/> (float or double).
/// Operations return new tensors; <see cref="Reshape(int[])"/> shares the buffer, which is safe because
/// no public operation writes into an existing tensor.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> for training, <see cref="double"/> for gradient checks.</typeparam>
public sealed partial class Tensor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal readonly T[] data;

    /// <summary>The dimensions, outermost first.</summary>
    public Shape Shape { get; }

    /// <summary>
    /// Wraps a buffer without copying. The caller gives up the buffer: it must not be written afterwards.
    /// Kernels use this for buffers they have just allocated.
    /// </summary>
    internal Tensor(Shape shape, T[] data)
    {
        if (shape.Size != data.Length)
            throw new ArgumentException($"shape {shape} needs {shape.Size} elements, got {data.Length}");
        foreach (var d in shape)
            if (d < 0) throw new ArgumentException($"a tensor cannot have shape {shape}");
        Shape = shape;
        this.data = data;
    }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Rank;

    /// <summary>Number of elements.</summary>
    public int Size => data.Length;

    /// <summary>The elements in row-major order, read-only.</summary>
    public ReadOnlySpan<T> Span => data;

    /// <summary>The element at the given multi-index; negative indices count from the end.</summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public T this[params int[] index] => data[Offset(index)];

    /// <summary>The single element of a one-element tensor (PyTorch's <c>item()</c>).</summary>
    public T Item()
    {
        if (Size != 1) throw new InvalidOperationException($"Item() needs a one-element tensor, got shape {Shape}");
        return data[0];
    }

    /// <summary>A copy of the elements in row-major order.</summary>
    public T[] ToArray() => (T[])data.Clone();

    /// <summary>The elements converted to double, in row-major order.</summary>
    public double[] ToDoubleArray()
    {
        var r = new double[data.Length];
        for (var i = 0; i < r.Length; i++) r[i] = double.CreateTruncating(data[i]);
        return r;
    }

    /// <summary>The same elements as another element type.</summary>
    public Tensor<TOut> Cast<TOut>() where TOut : unmanaged, IFloatingPointIeee754<TOut>
    {
        if (typeof(TOut) == typeof(T)) return (Tensor<TOut>)(object)this;
        var r = Buffers.Uninitialized<TOut>(data.Length);
        for (var i = 0; i < r.Length; i++) r[i] = TOut.CreateTruncating(data[i]);
        return new Tensor<TOut>(Shape, r);
    }

    internal int Offset(int[] index)
    {
        if (index.Length != Rank)
            throw new ArgumentException($"index of rank {index.Length} for a tensor of shape {Shape}");
        var off = 0;
        for (var a = 0; a < index.Length; a++)
        {
            var n = Shape[a];
            var i = index[a] < 0 ? index[a] + n : index[a];
            if (i < 0 || i >= n) throw new IndexOutOfRangeException($"index {index[a]} is out of range for dimension {a} of shape {Shape}");
            off = off * n + i;
        }
        return off;
    }

    /// <summary>
    /// The same elements under another shape; one dimension may be -1 and is then inferred.
    /// Shares the buffer (a view), as PyTorch's <c>view</c> does on a contiguous tensor.
    /// </summary>
    public Tensor<T> Reshape(params int[] dims)
    {
        var d = (int[])dims.Clone();
        var infer = -1;
        long known = 1;
        for (var i = 0; i < d.Length; i++)
        {
            if (d[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"only one dimension can be -1 in [{string.Join(", ", dims)}]");
                infer = i;
            }
            else if (d[i] < 0) throw new ArgumentException($"invalid dimension {d[i]} in [{string.Join(", ", dims)}]");
            else known *= d[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || Size % known != 0)
                throw new ArgumentException($"shape [{string.Join(", ", dims)}] is invalid for a tensor of shape {Shape}");
            d[infer] = (int)(Size / known);
        }
        else if (known != Size)
            throw new ArgumentException($"shape [{string.Join(", ", dims)}] is invalid for a tensor of shape {Shape} ({Size} elements)");
        return new Tensor<T>(new Shape(d), data);
    }

    /// <summary>The same elements under <paramref name="shape"/> (see <see cref="Reshape(int[])"/>).</summary>
    public Tensor<T> Reshape(Shape shape) => Reshape(shape.ToArray());

    /// <summary>PyTorch's name for <see cref="Reshape(int[])"/> on a contiguous tensor.</summary>
    public Tensor<T> View(params int[] dims) => Reshape(dims);
}

/// <summary>Creation of tensors: constants, arrays, random draws and MathNet interop.</summary>
public static partial class Tensor
{
    /// <summary>A tensor of zeros.</summary>
    public static Tensor<T> Zeros<T>(params int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
        => new(new Shape(shape), Buffers.New<T>(new Shape(shape).Size));

    /// <summary>A tensor of zeros with the shape of <paramref name="like"/>.</summary>
    public static Tensor<T> ZerosLike<T>(Tensor<T> like) where T : unmanaged, IFloatingPointIeee754<T>
        => new(like.Shape, Buffers.New<T>(like.Size));

    /// <summary>A tensor of ones.</summary>
    public static Tensor<T> Ones<T>(params int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
        => Full(T.One, shape);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor<T> Full<T>(T value, params int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = new Shape(shape);
        var d = Buffers.New<T>(s.Size);
        Array.Fill(d, value);
        return new Tensor<T>(s, d);
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/>.</summary>
    public static Tensor<T> Scalar<T>(T value) where T : unmanaged, IFloatingPointIeee754<T>
        => new(Shape.Scalar, [value]);

    /// <summary>A tensor holding a copy of <paramref name="values"/> under <paramref name="shape"/> (1-D when omitted).</summary>
    public static Tensor<T> FromArray<T>(T[] values, params int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
        => new(shape.Length == 0 ? new Shape(values.Length) : new Shape(shape), (T[])values.Clone());

    /// <summary>A 2-D tensor from a rectangular array.</summary>
    public static Tensor<T> FromArray<T>(T[,] values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int r = values.GetLength(0), c = values.GetLength(1);
        var d = Buffers.New<T>(r * c);
        for (var i = 0; i < r; i++)
            for (var j = 0; j < c; j++) d[i * c + j] = values[i, j];
        return new Tensor<T>(new Shape(r, c), d);
    }

    /// <summary>A tensor of doubles converted to <typeparamref name="T"/>.</summary>
    public static Tensor<T> FromDoubles<T>(double[] values, params int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = Buffers.New<T>(values.Length);
        for (var i = 0; i < d.Length; i++) d[i] = T.CreateTruncating(values[i]);
        return new Tensor<T>(shape.Length == 0 ? new Shape(values.Length) : new Shape(shape), d);
    }

    /// <summary>0, 1, ..., n-1 as a 1-D tensor.</summary>
    public static Tensor<T> Arange<T>(int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = Buffers.New<T>(n);
        for (var i = 0; i < n; i++) d[i] = T.CreateTruncating(i);
        return new Tensor<T>(new Shape(n), d);
    }

    /// <summary>Uniform draws in [<paramref name="low"/>, <paramref name="high"/>) from <paramref name="rng"/>.</summary>
    public static Tensor<T> Uniform<T>(Rng rng, double low, double high, params int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = new Shape(shape);
        var d = Buffers.New<T>(s.Size);
        for (var i = 0; i < d.Length; i++) d[i] = T.CreateTruncating(low + (high - low) * rng.Uniform((ulong)i));
        return new Tensor<T>(s, d);
    }

    /// <summary>Uniform draws in [0, 1) (PyTorch's <c>torch.rand</c>) from an explicit key.</summary>
    public static Tensor<T> Rand<T>(Rng rng, params int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
        => Uniform<T>(rng, 0, 1, shape);

    /// <summary>Standard normal draws (PyTorch's <c>torch.randn</c>) from an explicit key.</summary>
    public static Tensor<T> Randn<T>(Rng rng, params int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = new Shape(shape);
        var d = Buffers.New<T>(s.Size);
        for (var i = 0; i < d.Length; i++) d[i] = T.CreateTruncating(rng.Normal((ulong)i));
        return new Tensor<T>(s, d);
    }
}
