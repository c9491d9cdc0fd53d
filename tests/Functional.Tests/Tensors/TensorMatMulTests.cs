using FsCheck.Xunit;
using static Functional.Tests.Tensors.TensorAssert;

namespace Functional.Tests.Tensors;

/// <summary>MatMul rules, batched products, transposes and squeezes, against PyTorch 1.13.</summary>
public class TensorMatMulTests
{
    private static readonly Tensor<double> A = Tensor.Arange<double>(6).Reshape(2, 3) / 3.0;
    private static readonly Tensor<double> B = Tensor.Arange<double>(12).Reshape(3, 4) / 5.0 - 1.0;

    [Fact]
    public void Matmul_follows_pytorch_for_each_rank()
    {
        Close(Tensor.MatMul(A, B), [0.33333333333333337, 0.5333333333333333, 0.7333333333333333, 0.9333333333333333,
            -0.26666666666666644, 0.5333333333333334, 1.3333333333333335, 2.1333333333333337], [2, 4], rtol: 1e-14, atol: 1e-15);
        Close(Tensor.MatMul(A, D([1, 2, 3], 3)), [2.6666666666666665, 8.666666666666666], [2], rtol: 1e-15);
        Close(Tensor.MatMul(D([1, -1], 2), A), [-1, -1, -1], [3], rtol: 1e-15);
        Exact(Tensor.MatMul(D([1, 2, 3], 3), D([4, 5, 6], 3)), [32]);
    }

    [Fact]
    public void Batched_matmul_equals_a_loop_of_products()
    {
        var a = Random(1, 3, 2, 4);
        var b = Random(2, 3, 4, 5);
        var batched = Tensor.MatMul(a, b);
        Assert.Equal(new Shape(3, 2, 5), batched.Shape);
        for (var i = 0; i < 3; i++)
            Close(batched.Select(0, i), Tensor.MatMul(a.Select(0, i), b.Select(0, i)).ToArray(), [2, 5], rtol: 0, atol: 1e-14);
    }

    [Fact]
    public void Rank3_times_matrix_applies_to_every_batch()
    {
        var a = Random(3, 2, 3, 4);
        var w = Random(4, 4, 2);
        var r = Tensor.MatMul(a, w);
        for (var i = 0; i < 2; i++)
            Close(r.Select(0, i), Tensor.MatMul(a.Select(0, i), w).ToArray(), [3, 2], rtol: 0, atol: 1e-14);
    }

    [Fact]
    public void Transposed_operands_equal_explicit_transposes()
    {
        var a = Random(5, 4, 3);
        var b = Random(6, 5, 4);
        Close(Tensor.MatMul2(a, b, transA: true, transB: true), Tensor.MatMul(Tensor.Transpose(a), Tensor.Transpose(b)).ToArray(), [3, 5], 0, 1e-14);
    }

    [Fact]
    public void Transpose_and_permute_match_pytorch()
    {
        Exact(Tensor.Transpose(Tensor.Arange<double>(6).Reshape(2, 3)), [0, 3, 1, 4, 2, 5], 3, 2);
        Exact(Tensor.Permute(Tensor.Arange<double>(24).Reshape(2, 3, 4), 2, 0, 1),
            [0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23], 4, 2, 3);
    }

    [Fact]
    public void Shape_errors_name_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.MatMul(A, A));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.BatchedMatMul(Random(1, 2, 2, 3), Random(1, 3, 3, 2)));
    }

    [Property]
    public bool Transpose_twice_is_the_identity(int seed)
    {
        var shape = SmallShape(seed);
        var x = Random(seed, shape);
        int a0 = seed % shape.Length, a1 = (seed / 7) % shape.Length;
        return Tensor.Equal(Tensor.Transpose(Tensor.Transpose(x, a0, a1), a0, a1), x);
    }

    [Property]
    public bool Transpose_of_a_product_is_the_product_of_transposes(int seed)
    {
        var a = Random(seed, 1 + Math.Abs(seed % 5), 3);
        var b = Random(seed + 1, 3, 1 + Math.Abs(seed % 4));
        return Tensor.AllClose(Tensor.Transpose(Tensor.MatMul(a, b)), Tensor.MatMul(Tensor.Transpose(b), Tensor.Transpose(a)), 1e-12, 1e-12);
    }
}
