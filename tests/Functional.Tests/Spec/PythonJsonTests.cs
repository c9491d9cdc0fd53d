using System.Text.Json;

namespace Functional.Tests.Spec;

public sealed class PythonJsonTests
{
    [Fact]
    public void Bare_non_finite_literals_are_quoted_outside_strings_only()
        => Assert.Equal("""{"a": "Infinity", "b": ["-Infinity", "NaN"], "c": "Infinity NaN", "d": 1.5}""",
            PythonJson.Normalize("""{"a": Infinity, "b": [-Infinity, NaN], "c": "Infinity NaN", "d": 1.5}"""));

    [Fact]
    public void Escaped_quotes_do_not_end_a_string()
        => Assert.Equal("""{"a": "x\" Infinity", "b": "NaN"}""", PythonJson.Normalize("""{"a": "x\" Infinity", "b": NaN}"""));

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("\"Infinity\"", double.PositiveInfinity)]
    [InlineData("\"-inf\"", double.NegativeInfinity)]
    public void Numbers_and_named_literals_read_as_doubles(string json, double expected)
    {
        Assert.True(PythonJson.TryNumber(JsonDocument.Parse(json).RootElement, out var v));
        Assert.Equal(expected, v);
    }

    [Fact]
    public void Other_strings_are_not_numbers()
        => Assert.False(PythonJson.TryNumber(JsonDocument.Parse("\"fast\"").RootElement, out _));

    [Fact]
    public void A_layer_spec_may_use_python_literals()
        => Assert.Equal(double.PositiveInfinity, ((LeakyReLU)ModelSpec.Layer("""{"type": "LeakyReLU", "negative_slope": Infinity}""")).NegativeSlope);
}
