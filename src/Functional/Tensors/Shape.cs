using System.Collections;

namespace Functional;

/// <summary>
/// The dimensions of a tensor, outermost first (row-major, batch-first). A dimension of -1 in a
/// shape given to <see cref="Layer.Init{T}"/> stands for "any batch size".
/// </summary>
public sealed class Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[] dims;

    /// <summary>Creates a shape from its dimensions.</summary>
    public Shape(params int[] dims)
    {
        foreach (var d in dims)
            if (d < -1) throw new ArgumentException($"invalid dimension {d} in shape [{string.Join(", ", dims)}]");
        this.dims = (int[])dims.Clone();
    }

    /// <summary>Creates a shape from its dimensions: <c>Shape.Of(-1, 784)</c>.</summary>
    public static Shape Of(params int[] dims) => new(dims);

    /// <summary>The shape of a scalar (rank 0, one element).</summary>
    public static Shape Scalar { get; } = new();

    /// <summary>Number of dimensions.</summary>
    public int Rank => dims.Length;

    /// <summary>Number of elements: the product of the dimensions (1 for a scalar).</summary>
    public int Size
    {
        get
        {
            long n = 1;
            foreach (var d in dims) n *= d;
            if (n > int.MaxValue) throw new InvalidOperationException($"shape {this} has more than {int.MaxValue} elements");
            return (int)n;
        }
    }

    /// <summary>Dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public int this[int axis] => dims[Axis(axis)];

    /// <summary>Number of dimensions (the same as <see cref="Rank"/>).</summary>
    public int Count => dims.Length;

    /// <summary>Normalizes a possibly negative axis into [0, Rank).</summary>
    public int Axis(int axis)
    {
        var a = axis < 0 ? axis + dims.Length : axis;
        if (a < 0 || a >= dims.Length)
            throw new ArgumentOutOfRangeException(nameof(axis), $"axis {axis} is out of range for shape {this}");
        return a;
    }

    /// <summary>A copy of the dimensions.</summary>
    public int[] ToArray() => (int[])dims.Clone();

    /// <summary>This shape with dimension <paramref name="axis"/> replaced.</summary>
    public Shape With(int axis, int value)
    {
        var d = ToArray();
        d[Axis(axis)] = value;
        return new Shape(d);
    }

    /// <summary>The product of dimensions from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive).</summary>
    public int Product(int start, int end)
    {
        var n = 1;
        for (var i = start; i < end; i++) n *= dims[i];
        return n;
    }

    /// <inheritdoc />
    public bool Equals(Shape? other) => other is not null && dims.AsSpan().SequenceEqual(other.dims);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in dims) h.Add(d);
        return h.ToHashCode();
    }

    /// <summary>Shape equality.</summary>
    public static bool operator ==(Shape? a, Shape? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Shape inequality.</summary>
    public static bool operator !=(Shape? a, Shape? b) => !(a == b);

    /// <summary>Formats as PyTorch does, e.g. <c>[128, 784]</c>.</summary>
    public override string ToString() => "[" + string.Join(", ", dims) + "]";

    /// <inheritdoc />
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => dims.GetEnumerator();

    /// <summary>Converts an array of dimensions to a shape.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);
}
