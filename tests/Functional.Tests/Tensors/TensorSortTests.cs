using FsCheck.Xunit;
using static Functional.Tests.Tensors.TensorAssert;

namespace Functional.Tests.Tensors;

/// <summary>ArgMax/ArgMin, Sort and TopK against PyTorch 1.13, plus sort properties.</summary>
public class TensorSortTests
{
    private static readonly Tensor<double> A = D([1, 5, 3, 4, 2, 6], 2, 3);
    private static readonly Tensor<double> S = D([3, 1, 2, 1, 0, -1, 5, -1], 2, 4);

    [Fact]
    public void Book_argmax_and_argmin()
    {
        Exact(A.ArgMax(), [5], []);
        Exact(A.ArgMax(1), [1, 2], 2);
        Exact(A.ArgMin(0, keepDim: true), [0, 1, 0], 1, 3);
        var c = Tensor.Map(Tensor.Arange<double>(24).Reshape(2, 3, 4), Math.Sin);
        Exact(c.ArgMin(2), [0, 1, 3, 0, 1, 3], 2, 3);
        Exact(c.ArgMax(1), [2, 0, 0, 1, 2, 2, 0, 0], 2, 4);
    }

    [Fact]
    public void Argmax_takes_the_first_tie_and_the_first_nan()
    {
        Exact(D([2, 7, 7, 1], 4).ArgMax(), [1], []);
        Exact(D([1, 0, 0], 3).ArgMin(), [1], []);
        Exact(D([0.0, -0.0], 2).ArgMax(), [0], []);
        Exact(D([-0.0, 0.0], 2).ArgMax(), [0], []);
        Exact(D([1, double.NaN, 0, double.NaN], 4).ArgMin(), [1], []);
        Exact(D([1, double.NaN, 2, 3], 2, 2).ArgMax(0), [1, 0], 2);
    }

    [Fact]
    public void Sort_is_stable_both_ways()
    {
        var (v, i) = S.Sort();
        Exact(v, [1, 1, 2, 3, -1, -1, 0, 5], 2, 4);
        Exact(i, [1, 3, 2, 0, 1, 3, 0, 2], 2, 4);
        (v, i) = S.Sort(descending: true);
        Exact(v, [3, 2, 1, 1, 5, 0, -1, -1], 2, 4);
        Exact(i, [0, 2, 1, 3, 2, 0, 1, 3], 2, 4);
        (v, i) = S.Sort(dim: 0);
        Exact(v, [0, -1, 2, -1, 3, 1, 5, 1], 2, 4);
        Exact(i, [1, 1, 0, 1, 0, 0, 1, 0], 2, 4);
    }

    [Fact]
    public void Sort_puts_nan_above_everything()
    {
        var (v, i) = D([1, 3, double.NaN, 3], 4).Sort(descending: true);
        Exact(v, [double.NaN, 3, 3, 1], 4);
        Exact(i, [2, 1, 3, 0], 4);
        Exact(D([double.NaN, 1], 2).Sort().Values, [1, double.NaN], 2);
    }

    [Fact]
    public void Topk_book_example()
    {
        var (v, i) = D([0.1, 0.7, 0.2, 0.9, 0.4], 5).TopK(3);
        Exact(v, [0.9, 0.7, 0.4], 3);
        Exact(i, [3, 1, 4], 3);
    }

    [Fact]
    public void Topk_largest_smallest_and_along_dim0()
    {
        var (v, i) = S.TopK(2);
        Exact(v, [3, 2, 5, 0], 2, 2);
        Exact(i, [0, 2, 2, 0], 2, 2);
        (v, i) = S.TopK(2, largest: false);
        Exact(v, [1, 1, -1, -1], 2, 2);
        Exact(i, [1, 3, 1, 3], 2, 2);
        (v, i) = S.TopK(1, dim: 0);
        Exact(v, [3, 1, 5, 1], 1, 4);
        Exact(i, [0, 0, 1, 0], 1, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => S.TopK(5));
    }

    [Property]
    public bool Sort_output_is_sorted_and_a_permutation(int seed)
    {
        var shape = SmallShape(seed);
        var x = Ties(seed, shape);
        var dim = Math.Abs(seed % shape.Length);
        var descending = seed % 2 == 0;
        var (v, idx) = x.Sort(dim, descending);
        var ok = true;
        Lanes.ForEach(x.Shape, dim, lane =>
        {
            var seen = new bool[lane.Length];
            for (var k = 0; k < lane.Length; k++)
            {
                var at = lane.Offset + k * lane.Stride;
                var j = (int)idx.Span[at];
                ok &= !seen[j];
                seen[j] = true;
                ok &= v.Span[at] == x.Span[lane.Offset + j * lane.Stride];   // values are the input at the indices
                if (k > 0)
                {
                    var prev = lane.Offset + (k - 1) * lane.Stride;
                    var order = descending ? v.Span[prev].CompareTo(v.Span[at]) : v.Span[at].CompareTo(v.Span[prev]);
                    ok &= order > 0 || (order == 0 && idx.Span[at] > idx.Span[prev]);   // sorted, stable
                }
            }
        });
        return ok;
    }

    [Property]
    public bool Topk_values_are_the_first_sorted_values(int seed)
    {
        var shape = SmallShape(seed);
        var x = Random(seed, shape);
        var k = 1 + Math.Abs(seed % shape[^1]);
        return Tensor.Equal(x.TopK(k).Values, x.Sort(descending: true).Values.Narrow(-1, 0, k))
            && Tensor.Equal(x.TopK(1).Indices.Reshape(x.Shape.ToArray()[..^1]), x.ArgMax(-1));
    }

    [Fact]
    public void ToIndices_gives_the_argmax_as_ints_and_rejects_fractions()
    {
        var scores = Tensor.FromArray(new float[] { 0.1f, 0.7f, 0.2f, 0.9f, 0.05f, 0.05f }, 2, 3);
        Assert.Equal(new[] { 1, 0 }, scores.ArgMax(1).ToIndices());
        var e = Assert.Throws<InvalidOperationException>(() => scores.ToIndices());
        Assert.Contains("element 0 is 0.1", e.Message);
    }
}
