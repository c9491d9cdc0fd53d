using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Functional;

/// <summary>The element types this library reads and writes in safetensors files.</summary>
public enum DType
{
    /// <summary>32-bit IEEE float, little-endian (<c>F32</c>).</summary>
    F32,
    /// <summary>64-bit IEEE float, little-endian (<c>F64</c>).</summary>
    F64,
    /// <summary>64-bit signed integer, little-endian (<c>I64</c>): labels, token ids, <c>num_batches_tracked</c>.</summary>
    I64,
}

/// <summary>
/// One named tensor of a safetensors file: its element type, shape and raw little-endian bytes.
/// Convert with <see cref="ToTensor{T}"/> (any dtype to float or double) or <see cref="ToInt64"/>.
/// </summary>
public sealed class SafeTensor
{
    private readonly ReadOnlyMemory<byte> bytes;

    /// <summary>The name, e.g. <c>0.weight</c>.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>The dimensions.</summary>
    public Shape Shape { get; }

    /// <summary>The raw little-endian data (<c>Shape.Size × </c><see cref="SizeOf"/> bytes).</summary>
    public ReadOnlyMemory<byte> Bytes => bytes;

    internal SafeTensor(string name, DType dtype, Shape shape, ReadOnlyMemory<byte> bytes)
    {
        if ((long)shape.Size * SizeOf(dtype) != bytes.Length)
            throw new ArgumentException($"tensor '{name}': shape {shape} of {dtype} needs {(long)shape.Size * SizeOf(dtype)} bytes, got {bytes.Length}");
        (Name, DType, Shape, this.bytes) = (name, dtype, shape, bytes);
    }

    /// <summary>The size in bytes of one element of <paramref name="dtype"/>.</summary>
    public static int SizeOf(DType dtype) => dtype == DType.F32 ? 4 : 8;

    /// <summary>
    /// A tensor to be written under <paramref name="name"/>; the dtype defaults to the tensor's own
    /// (<c>F32</c> for float, <c>F64</c> for double). With <see cref="DType.I64"/> the values must be whole numbers.
    /// </summary>
    public static SafeTensor From<T>(string name, Tensor<T> tensor, DType? dtype = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dt = dtype ?? (typeof(T) == typeof(float) ? DType.F32 : DType.F64);
        var n = tensor.Size;
        var b = new byte[(long)n * SizeOf(dt)];
        var src = tensor.Span;
        for (var i = 0; i < n; i++)
        {
            switch (dt)
            {
                case DType.F32: BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(i * 4), float.CreateTruncating(src[i])); break;
                case DType.F64: BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(i * 8), double.CreateTruncating(src[i])); break;
                default:
                    var v = double.CreateTruncating(src[i]);
                    if (v != Math.Round(v) || Math.Abs(v) > 9.2e18)
                        throw new ArgumentException($"tensor '{name}': value {v} at index {i} cannot be stored as I64");
                    BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(i * 8), (long)v);
                    break;
            }
        }
        return new SafeTensor(name, dt, tensor.Shape, b);
    }

    /// <summary>An <c>I64</c> tensor to be written under <paramref name="name"/> (1-D when <paramref name="shape"/> is omitted).</summary>
    public static SafeTensor FromInt64(string name, long[] values, params int[] shape)
    {
        var s = shape.Length == 0 ? new Shape(values.Length) : new Shape(shape);
        var b = new byte[(long)values.Length * 8];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(i * 8), values[i]);
        return new SafeTensor(name, DType.I64, s, b);
    }

    /// <summary>The values as a tensor of <typeparamref name="T"/>; integers and doubles are converted (rounding to nearest for float).</summary>
    public Tensor<T> ToTensor<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = Shape.Size;
        var r = Buffers.Uninitialized<T>(n);
        var b = bytes.Span;
        switch (DType)
        {
            case DType.F32:
                if (typeof(T) == typeof(float) && BitConverter.IsLittleEndian) MemoryMarshal.Cast<byte, T>(b).CopyTo(r);
                else for (var i = 0; i < n; i++) r[i] = T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(b[(i * 4)..]));
                break;
            case DType.F64:
                if (typeof(T) == typeof(double) && BitConverter.IsLittleEndian) MemoryMarshal.Cast<byte, T>(b).CopyTo(r);
                else for (var i = 0; i < n; i++) r[i] = T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(b[(i * 8)..]));
                break;
            default:
                for (var i = 0; i < n; i++) r[i] = T.CreateTruncating(BinaryPrimitives.ReadInt64LittleEndian(b[(i * 8)..]));
                break;
        }
        return new Tensor<T>(Shape, r);
    }

    /// <summary>The values as 64-bit integers; float values must be whole numbers.</summary>
    /// <exception cref="InvalidOperationException">A float value is not a whole number in range.</exception>
    public long[] ToInt64()
    {
        if (DType == DType.I64)
        {
            var r = new long[Shape.Size];
            for (var i = 0; i < r.Length; i++) r[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.Span[(i * 8)..]);
            return r;
        }
        var d = ToTensor<double>().Span;
        var l = new long[d.Length];
        for (var i = 0; i < l.Length; i++)
        {
            if (d[i] != Math.Round(d[i]) || Math.Abs(d[i]) > 9.2e18)
                throw new InvalidOperationException($"tensor '{Name}': value {d[i]} at index {i} is not an integer");
            l[i] = (long)d[i];
        }
        return l;
    }

    /// <summary>For example <c>weight: F32 [3, 6]</c>.</summary>
    public override string ToString() => $"{Name}: {DType} {Shape}";
}
