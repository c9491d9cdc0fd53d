using FsCheck.Xunit;
using static Functional.Tests.Tensors.TensorAssert;

namespace Functional.Tests.Tensors;

/// <summary>Cat, Stack, Split and Chunk: the book's chapter 3 examples against PyTorch 1.13, plus round trips.</summary>
public class TensorJoinTests
{
    private static readonly Tensor<double> P = Tensor.Arange<double>(6).Reshape(2, 3);
    private static readonly Tensor<double> Q = Tensor.Arange<double>(6).Reshape(2, 3) + 6.0;

    [Fact]
    public void Cat_along_each_dim()
    {
        Exact(Tensor.Cat([P, Q]), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 4, 3);
        Exact(Tensor.Cat([P, Q], 1), [0, 1, 2, 6, 7, 8, 3, 4, 5, 9, 10, 11], 2, 6);
        Exact(Tensor.Cat([P, Q], -1), [0, 1, 2, 6, 7, 8, 3, 4, 5, 9, 10, 11], 2, 6);
    }

    [Fact]
    public void Stack_adds_a_dim()
    {
        Exact(Tensor.Stack([P, Q]), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 2, 2, 3);
        Exact(Tensor.Stack([P, Q], 1), [0, 1, 2, 6, 7, 8, 3, 4, 5, 9, 10, 11], 2, 2, 3);
        Exact(Tensor.Stack([P, Q], -1), [0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11], 2, 3, 2);
    }

    [Fact]
    public void Split_and_chunk_like_pytorch()
    {
        var t = Tensor.Arange<double>(10);
        var s = Tensor.Split(t, 4);
        Assert.Equal(3, s.Length);
        Exact(s[2], [8, 9], 2);
        var c = Tensor.Chunk(t, 3);
        Assert.Equal(3, c.Length);
        Exact(c[1], [4, 5, 6, 7], 4);
        var bySize = Tensor.Split(P, [1, 2], 1);
        Exact(bySize[0], [0, 3], 2, 1);
        Exact(bySize[1], [1, 2, 4, 5], 2, 2);
        Assert.Equal(3, Tensor.Chunk(Tensor.Arange<double>(6), 4).Length);   // torch.chunk(arange(6), 4) gives 3 pieces
    }

    [Fact]
    public void Mismatched_shapes_are_reported()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Cat([P, Tensor.Zeros<double>(2, 2)]));
        Assert.Contains("[2, 2]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Stack([P, P.Reshape(3, 2)]));
    }

    [Property]
    public bool Cat_then_split_round_trips(int seed)
    {
        var shape = SmallShape(seed);
        var dim = Math.Abs(seed % shape.Length);
        var sizes = new[] { 1 + Math.Abs(seed % 3), 1 + Math.Abs(seed / 3 % 3), 1 };
        var parts = sizes.Select((s, i) => Random(seed + i, new Shape(shape).With(dim, s).ToArray())).ToArray();
        var back = Tensor.Split(Tensor.Cat(parts, dim), sizes, dim);
        return back.Length == parts.Length && back.Zip(parts, Tensor.Equal).All(same => same);
    }

    [Property]
    public bool Stack_then_select_gives_back_each_part(int seed)
    {
        var shape = SmallShape(seed);
        var dim = Math.Abs(seed % (shape.Length + 1));
        var parts = Enumerable.Range(0, 3).Select(i => Random(seed + i, shape)).ToArray();
        var s = Tensor.Stack(parts, dim);
        return Enumerable.Range(0, 3).All(i => Tensor.Equal(s.Select(dim, i), parts[i]));
    }
}
