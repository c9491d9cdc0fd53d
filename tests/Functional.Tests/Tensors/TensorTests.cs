using FsCheck.Xunit;
using static Functional.Tests.Tensors.TensorAssert;

namespace Functional.Tests.Tensors;

/// <summary>Creation, indexing, Reshape, Squeeze and Unsqueeze (the book's chapter 3 shape examples).</summary>
public class TensorTests
{
    [Fact]
    public void Reshape_infers_one_dimension()
    {
        var x = Tensor.Arange<double>(12);
        Assert.Equal(new Shape(3, 4), x.Reshape(3, -1).Shape);
        Assert.Equal(new Shape(2, 2, 3), x.View(-1, 2, 3).Shape);
        Assert.Equal(7.0, x.Reshape(3, 4)[1, 3]);
        Assert.Equal(11.0, x.Reshape(3, 4)[-1, -1]);
        Assert.Throws<ArgumentException>(() => x.Reshape(5, -1));
        Assert.Throws<ArgumentException>(() => x.Reshape(-1, -1));
    }

    [Fact]
    public void Squeeze_and_unsqueeze()
    {
        var x = Tensor.Arange<double>(3);
        Assert.Equal(new Shape(1, 3), Tensor.Unsqueeze(x, 0).Shape);
        Assert.Equal(new Shape(3, 1), Tensor.Unsqueeze(x, -1).Shape);
        Assert.Equal(new Shape(3), Tensor.Squeeze(Tensor.Unsqueeze(x, 1), 1).Shape);
        Assert.Throws<ArgumentException>(() => Tensor.Squeeze(x, 0));
    }

    [Fact]
    public void Item_and_creation()
    {
        Assert.Equal(2.5, Tensor.Scalar(2.5).Item());
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros<double>(2).Item());
        Exact(Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 } }), [1, 2, 3, 4], 2, 2);
        Exact(Tensor.Full(7.0, 2), [7, 7], 2);
        Exact(Tensor.Ones<float>(1, 2), [1, 1], 1, 2);
    }

    [Property]
    public bool Reshape_round_trips(int seed)
    {
        var shape = SmallShape(seed);
        var x = Random(seed, shape);
        return Tensor.Equal(x.Reshape(-1).Reshape(shape), x) && Tensor.Equal(x.Reshape(x.Size, 1).Reshape(x.Shape), x);
    }
}
