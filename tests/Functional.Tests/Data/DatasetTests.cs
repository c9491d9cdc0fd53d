using Functional;

namespace Functional.Tests.Data;

public class DatasetTests
{
    // Row i holds features (i, 10i) and target 100i, so every row can be traced after a shuffle.
    private static Dataset<double> Rows(int n)
    {
        var x = new double[n * 2];
        var y = new double[n];
        for (var i = 0; i < n; i++) { x[2 * i] = i; x[2 * i + 1] = 10 * i; y[i] = 100 * i; }
        return new Dataset<double>(Tensor.FromArray(x, n, 2), Tensor.FromArray(y, n, 1));
    }

    private static int[] Ids(Dataset<double> d) => d.Features.ToArray().Where((_, k) => k % 2 == 0).Select(v => (int)v).ToArray();

    private static void RowsIntact(Dataset<double> d)
    {
        for (var i = 0; i < d.Count; i++)
        {
            var id = d.Features[i, 0];
            Assert.Equal(10 * id, d.Features[i, 1]);
            Assert.Equal(100 * id, d.Targets[i, 0]);
        }
    }

    [Fact]
    public void Count_is_the_number_of_rows()
    {
        Assert.Equal(7, Rows(7).Count);
    }

    [Fact]
    public void Mismatched_row_counts_are_rejected_with_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dataset<double>(Tensor.Zeros<double>(3, 2), Tensor.Zeros<double>(4, 1)));
        Assert.Contains("[3, 2]", e.Message);
        Assert.Contains("[4, 1]", e.Message);
    }

    [Fact]
    public void Shuffle_is_a_permutation_that_keeps_rows_together()
    {
        var s = Rows(50).Shuffle(new Rng(7));
        Assert.Equal(Enumerable.Range(0, 50), Ids(s).Order());
        Assert.NotEqual(Enumerable.Range(0, 50), Ids(s));
        RowsIntact(s);
    }

    [Fact]
    public void Shuffle_depends_only_on_the_key()
    {
        var d = Rows(40);
        Assert.Equal(Ids(d.Shuffle(new Rng(3))), Ids(d.Shuffle(new Rng(3))));
        Assert.Equal(Ids(d.Shuffle(new Rng(3))), Ids(Rows(40).Shuffle(new Rng(3))));
        Assert.Equal(new Rng(3).Permutation(40), Ids(d.Shuffle(new Rng(3))));
        Assert.NotEqual(Ids(d.Shuffle(new Rng(3))), Ids(d.Shuffle(new Rng(4))));
    }

    [Fact]
    public void Shuffle_leaves_the_source_unchanged()
    {
        var d = Rows(10);
        _ = d.Shuffle(new Rng(1));
        Assert.Equal(Enumerable.Range(0, 10), Ids(d));
    }

    [Theory]
    [InlineData(10, 3, new[] { 3, 3, 3, 1 })]
    [InlineData(9, 3, new[] { 3, 3, 3 })]
    [InlineData(2, 5, new[] { 2 })]
    public void Batches_cover_all_rows_in_order_and_keep_the_last_partial_batch(int n, int size, int[] sizes)
    {
        var batches = Rows(n).Batches(size).ToList();
        Assert.Equal(sizes, batches.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(0, n), batches.SelectMany(Ids));
        Assert.All(batches, b => Assert.Equal(b.Count, b.Targets.Shape[0]));
        Assert.All(batches, RowsIntact);
    }

    [Fact]
    public void Batches_of_a_non_positive_size_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Rows(3).Batches(0).ToList());
    }

    [Theory]
    [InlineData(569, new[] { 0.6, 0.2, 0.2 }, new[] { 341, 113, 115 })]
    [InlineData(506, new[] { 0.6, 0.2, 0.2 }, new[] { 303, 101, 102 })]
    [InlineData(10, new[] { 0.8, 0.2 }, new[] { 8, 2 })]
    [InlineData(7, new[] { 0.5, 0.5 }, new[] { 3, 4 })]
    public void Split_counts_floor_all_but_the_last_part_which_takes_the_rest(int n, double[] ratios, int[] expected)
    {
        // The book: cnt = [int(n * r) for r in ratios]; cnt[-1] = n - sum(cnt[:-1])
        Assert.Equal(expected, Dataset<double>.SplitCounts(n, ratios));
    }

    [Fact]
    public void RandomSplit_is_the_shuffle_cut_into_consecutive_parts()
    {
        var d = Rows(20);
        var parts = d.RandomSplit([0.6, 0.2, 0.2], new Rng(5));
        Assert.Equal(new[] { 12, 4, 4 }, parts.Select(p => p.Count));
        Assert.Equal(Ids(d.Shuffle(new Rng(5))), parts.SelectMany(Ids));
        Assert.All(parts, RowsIntact);
    }

    [Fact]
    public void RandomSplit_rejects_ratios_above_one()
    {
        Assert.Throws<ArgumentException>(() => Rows(10).RandomSplit([0.7, 0.5], new Rng(0)));
    }

    [Fact]
    public void Take_and_Select_pick_rows()
    {
        var d = Rows(6);
        Assert.Equal(new[] { 0, 1, 2 }, Ids(d.Take(3)));
        Assert.Equal(6, d.Take(100).Count);
        Assert.Equal(new[] { 5, 0, 5 }, Ids(d.Select([5, 0, 5])));
        RowsIntact(d.Select([5, 0, 5]));
        Assert.Throws<IndexOutOfRangeException>(() => d.Select([6]));
    }

    [Fact]
    public void Higher_rank_features_move_whole_samples()
    {
        var x = Tensor.Arange<double>(3 * 2 * 2).Reshape(3, 2, 2);
        var d = new Dataset<double>(x, Tensor.FromArray([0.0, 1, 2], 3)).Select([2, 0]);
        Assert.Equal(new Shape(2, 2, 2), d.Features.Shape);
        Assert.Equal(new[] { 8.0, 9, 10, 11, 0, 1, 2, 3 }, d.Features.ToArray());
        Assert.Equal(new[] { 2.0, 0 }, d.Targets.ToArray());
    }
}
