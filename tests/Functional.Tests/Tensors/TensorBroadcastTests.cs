using FsCheck.Xunit;
using static Functional.Tests.Tensors.TensorAssert;

namespace Functional.Tests.Tensors;

/// <summary>Broadcasting arithmetic: every fast path must agree with the general strided path and with PyTorch.</summary>
public class TensorBroadcastTests
{
    /// <summary>A naive reference: expand both operands, then combine element by element.</summary>
    private static double[] Reference(Tensor<double> a, Tensor<double> b, Func<double, double, double> f)
    {
        var shape = Tensor.BroadcastShape(a.Shape, b.Shape);
        var (x, y) = (Tensor.BroadcastTo(a, shape).ToArray(), Tensor.BroadcastTo(b, shape).ToArray());
        return x.Zip(y, f).ToArray();
    }

    [Fact]
    public void Pytorch_examples()
    {
        Exact(Tensor.Arange<double>(6).Reshape(2, 3, 1) + D([10, 20], 2), [10, 20, 11, 21, 12, 22, 13, 23, 14, 24, 15, 25], 2, 3, 2);
        Exact(D([1, 2], 2, 1) * D([1, 2, 3], 1, 1, 3), [1, 2, 3, 2, 4, 6], 1, 2, 3);
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 2, 3 })]      // same shape
    [InlineData(new[] { 2, 3 }, new int[0])]          // scalar right
    [InlineData(new int[0], new[] { 2, 3 })]          // scalar left
    [InlineData(new[] { 4, 3 }, new[] { 3 })]         // bias-like suffix right
    [InlineData(new[] { 1, 3 }, new[] { 4, 2, 3 })]   // suffix left with a leading 1
    [InlineData(new[] { 4, 1 }, new[] { 1, 5 })]      // general: outer product
    [InlineData(new[] { 2, 1, 3 }, new[] { 4, 1 })]   // general, ranks differ
    public void All_paths_agree_with_the_reference(int[] sa, int[] sb)
    {
        var a = Random(3, sa);
        var b = Tensor.Map(Random(4, sb), v => v + 3);   // away from zero for division
        var shape = Tensor.BroadcastShape(a.Shape, b.Shape).ToArray();
        Exact(a + b, Reference(a, b, (x, y) => x + y), shape);
        Exact(a - b, Reference(a, b, (x, y) => x - y), shape);
        Exact(a * b, Reference(a, b, (x, y) => x * y), shape);
        Exact(a / b, Reference(a, b, (x, y) => x / y), shape);
    }

    [Fact]
    public void Broadcast_to_repeats()
    {
        Exact(Tensor.BroadcastTo(D([1, 2], 2, 1), new Shape(2, 3)), [1, 1, 1, 2, 2, 2], 2, 3);
        Exact(Tensor.BroadcastTo(D([7], 1), new Shape(2, 2)), [7, 7, 7, 7], 2, 2);
        Assert.Throws<ArgumentException>(() => Tensor.BroadcastTo(D([1, 2, 3], 3), new Shape(2, 2)));
    }

    [Fact]
    public void Incompatible_shapes_name_both()
    {
        var e = Assert.Throws<ArgumentException>(() => D([1, 2, 3], 3) + D([1, 2], 2));
        Assert.Contains("[3]", e.Message);
        Assert.Contains("[2]", e.Message);
    }

    [Property]
    public bool Adding_a_row_vector_is_adding_it_to_every_row(int seed)
    {
        var shape = SmallShape(seed);
        var x = Random(seed, shape);
        var row = Random(seed + 1, shape[^1]);
        var sum = x + row;
        var rows = x.Reshape(-1, shape[^1]);
        return Enumerable.Range(0, rows.Shape[0]).All(i => Tensor.Equal(sum.Reshape(-1, shape[^1]).Select(0, i), rows.Select(0, i) + row));
    }
}
