using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Functional;

/// <summary>
/// Interop with MathNet.Numerics: <c>Matrix&lt;T&gt;</c> and <c>Vector&lt;T&gt;</c> in and out. MathNet stores dense
/// matrices column-major, tensors are row-major, so matrices are transposed in memory on the way (a copy either way);
/// the element at (i, j) is the same. MathNet supports float and double only.
/// </summary>
public static partial class Tensor
{
    /// <summary>A (rows, columns) tensor with the elements of <paramref name="m"/>.</summary>
    /// <example><code>var x = Tensor.FromMatrix(Matrix&lt;double&gt;.Build.DenseOfArray(new double[,] { { 1, 2 }, { 3, 4 } }));</code></example>
    public static Tensor<T> FromMatrix<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T>
        => new(new Shape(m.RowCount, m.ColumnCount), m.ToRowMajorArray());

    /// <summary>A 1-D tensor with the elements of <paramref name="v"/>.</summary>
    public static Tensor<T> FromVector<T>(MathNet.Numerics.LinearAlgebra.Vector<T> v) where T : unmanaged, IFloatingPointIeee754<T>
        => new(new Shape(v.Count), v.ToArray());

    /// <summary>A (rows, columns) tensor with the elements of <paramref name="m"/> (see <see cref="FromMatrix{T}"/>).</summary>
    public static Tensor<T> ToTensor<T>(this Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T> => FromMatrix(m);

    /// <summary>A 1-D tensor with the elements of <paramref name="v"/> (see <see cref="FromVector{T}"/>).</summary>
    public static Tensor<T> ToTensor<T>(this MathNet.Numerics.LinearAlgebra.Vector<T> v) where T : unmanaged, IFloatingPointIeee754<T> => FromVector(v);

    private static void CheckMathNetType<T>(string op, Shape shape)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"{op}: MathNet supports float and double, not {typeof(T).Name} (tensor of shape {shape})");
    }

    internal static Matrix<T> ToMatrix<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Rank != 2) throw new ArgumentException($"ToMatrix: needs a 2-D tensor, got shape {x.Shape}");
        CheckMathNetType<T>("ToMatrix", x.Shape);
        int rows = x.Shape[0], cols = x.Shape[1];
        var colMajor = new T[x.Size];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++) colMajor[j * rows + i] = x.data[i * cols + j];
        return Matrix<T>.Build.Dense(rows, cols, colMajor);
    }

    internal static MathNet.Numerics.LinearAlgebra.Vector<T> ToVector<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Rank != 1) throw new ArgumentException($"ToVector: needs a 1-D tensor, got shape {x.Shape} (flatten it with Reshape(-1) first)");
        CheckMathNetType<T>("ToVector", x.Shape);
        return MathNet.Numerics.LinearAlgebra.Vector<T>.Build.Dense(x.ToArray());
    }
}

public sealed partial class Tensor<T>
{
    /// <summary>This 2-D tensor as a dense MathNet matrix (a copy), e.g. for printing or linear algebra in a REPL.</summary>
    public Matrix<T> ToMatrix() => Tensor.ToMatrix(this);

    /// <summary>This 1-D tensor as a dense MathNet vector (a copy).</summary>
    public MathNet.Numerics.LinearAlgebra.Vector<T> ToVector() => Tensor.ToVector(this);
}
