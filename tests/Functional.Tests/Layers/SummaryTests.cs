namespace Functional.Tests.Layers;

public sealed class SummaryTests
{
    private static readonly Layer Mlp = Nn.Linear(784, 256).Then(Nn.ReLU()).Then(Nn.Linear(256, 10));

    [Fact]
    public void Rows_list_every_layer_with_its_output_shape_and_parameter_count()
    {
        var rows = Summary.Rows(Mlp, Shape.Of(-1, 784));
        Assert.Equal(["0", "1", "2"], rows.Select(r => r.Position));
        Assert.Equal([Shape.Of(-1, 256), Shape.Of(-1, 256), Shape.Of(-1, 10)], rows.Select(r => r.Output));
        Assert.Equal([784 * 256 + 256, 0, 256 * 10 + 10], rows.Select(r => r.Parameters));
    }

    [Fact]
    public void Text_table_ends_with_the_total()
        => Assert.Contains("total parameters: 203,530", Summary.Of(Mlp, Shape.Of(-1, 784)));

    [Fact]
    public void A_mismatch_names_the_position_the_layer_and_both_sizes()
    {
        var net = Nn.Linear(8, 128).Then(Nn.ReLU()).Then(Nn.Linear(128, 128)).Then(Nn.Linear(256, 10));
        var e = Assert.Throws<ShapeMismatchException>(() => Summary.Of(net, Shape.Of(-1, 8)));
        Assert.Equal("layer 3 Linear(256 -> 10) expects 256 input features, got 128 (input shape [-1, 128])", e.Message);
    }
}
