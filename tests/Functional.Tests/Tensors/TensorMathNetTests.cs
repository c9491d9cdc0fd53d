using MathNet.Numerics.LinearAlgebra;
using static Functional.Tests.Tensors.TensorAssert;

namespace Functional.Tests.Tensors;

/// <summary>MathNet interop keeps element (i, j) in place across the column-major/row-major change.</summary>
public class TensorMathNetTests
{
    [Fact]
    public void From_matrix_is_row_major()
    {
        var m = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Exact(Tensor.FromMatrix(m), [1, 2, 3, 4, 5, 6], 2, 3);
        Exact(m.ToTensor(), [1, 2, 3, 4, 5, 6], 2, 3);
    }

    [Fact]
    public void To_matrix_keeps_elements_in_place()
    {
        var x = Tensor.Arange<float>(6).Reshape(2, 3);
        var m = x.ToMatrix();
        Assert.Equal(2, m.RowCount);
        Assert.Equal(3, m.ColumnCount);
        Assert.Equal(5f, m[1, 2]);
        Assert.Equal(1f, m[0, 1]);
        Assert.True(Tensor.Equal(x, Tensor.FromMatrix(m)));
    }

    [Fact]
    public void Matrix_product_agrees_with_mathnet()
    {
        var a = Random(1, 3, 4);
        var b = Random(2, 4, 2);
        Close(Tensor.MatMul(a, b), (a.ToMatrix() * b.ToMatrix()).ToRowMajorArray(), [3, 2], rtol: 1e-12, atol: 1e-12);
    }

    [Fact]
    public void Vectors_round_trip()
    {
        var v = Vector<double>.Build.Dense([1.5, -2, 3]);
        Exact(Tensor.FromVector(v), [1.5, -2, 3], 3);
        Assert.Equal(v, v.ToTensor().ToVector());
    }

    [Fact]
    public void Wrong_ranks_are_reported()
    {
        Assert.Contains("[2, 2, 2]", Assert.Throws<ArgumentException>(() => Tensor.Zeros<double>(2, 2, 2).ToMatrix()).Message);
        Assert.Contains("ToVector", Assert.Throws<ArgumentException>(() => Tensor.Zeros<double>(2, 2).ToVector()).Message);
    }
}
