namespace Functional.Tests.Spec;

public sealed class SpecValidationTests
{
    private const string ThreeFaults = """
        {"type": "Sequential", "layers": [
            {"type": "Linear", "out_features": 4},
            {"type": "ReLU"},
            {"type": "Linear", "in_features": "four", "out_features": 2},
            {"type": "LeakyReLU", "negative_slope": 0.1, "colour": "red"}]}
        """;

    [Fact]
    public void Every_faulty_child_is_reported_at_once_with_its_path()
    {
        var problems = ModelSpec.ValidateLayer(ThreeFaults).Match(_ => [], e => e.Select(x => x.Message).ToArray());
        Assert.Equal(3, problems.Length);
        Assert.Equal("layers[0] (Linear): missing argument 'in_features'", problems[0]);
        Assert.Contains("layers[2] (Linear): 'in_features' must be an integer", problems[1]);
        Assert.Contains("layers[3] (LeakyReLU)", problems[2]);
        Assert.Contains("'colour'", problems[2]);
    }

    [Fact]
    public void The_throwing_entry_point_lists_every_problem_in_one_exception()
    {
        var e = Assert.Throws<SpecException>(() => ModelSpec.Layer(ThreeFaults));
        Assert.Equal(3, e.Problems.Length);
        Assert.Equal(3, e.Message.Split(Environment.NewLine).Length);
    }

    [Fact]
    public void A_spec_whose_only_problems_are_unsupported_stays_unsupported()
    {
        var e = Assert.Throws<UnsupportedSpecException>(() =>
            ModelSpec.Layer("""{"type": "Sequential", "layers": [{"type": "Mish"}, {"type": "ReLU"}, {"type": "GELU"}]}"""));
        Assert.Contains("layers[0]: unknown layer type 'Mish'", e.Message);
        Assert.Contains("layers[2]: unknown layer type 'GELU'", e.Message);
    }

    [Fact]
    public void A_valid_spec_validates_to_its_layer()
    {
        var layer = ModelSpec.ValidateLayer("""{"type": "Sequential", "layers": [{"type": "Linear", "in_features": 3, "out_features": 2}, {"type": "ReLU"}]}""")
            .Match(l => l, e => throw new Xunit.Sdk.XunitException(string.Join("; ", e)));
        Assert.Equal(new Shape(5, 2), layer.Init<double>(Shape.Of(5, 3), new Rng(0)).Output);
    }

    [Fact]
    public void A_loss_spec_validates_too()
        => Assert.True(ModelSpec.ValidateLoss("""{"type": "MSELoss", "reduction": "sum"}""").IsSuccess);
}
