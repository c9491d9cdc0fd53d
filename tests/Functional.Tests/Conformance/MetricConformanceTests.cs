using System.Text.Json;
using Functional.Conformance;
using Functional.Tests.Metrics;

namespace Functional.Tests.Conformance;

public class MetricConformanceTests
{
    public static TheoryData<string> CaseNames()
    {
        var d = new TheoryData<string>();
        foreach (var c in GoldenMetricCases.Cases()) d.Add(c.GetProperty("name").GetString()!);
        return d;
    }

    [Fact]
    public void All_five_metric_cases_are_present()
        => Assert.Equal(5, GoldenMetricCases.Cases().Count());

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Golden_case_matches_within_tolerance(string name)
    {
        var c = GoldenMetricCases.Cases().Single(x => x.GetProperty("name").GetString() == name);
        var tensors = GoldenMetricCases.Read(c.GetProperty("file").GetString()!);
        double rtol = c.GetProperty("rtol").GetDouble(), atol = c.GetProperty("atol").GetDouble();
        var comparisons = MetricConformance.Evaluate(c.GetProperty("spec"), n => tensors.GetValueOrDefault(n));
        var expectedNames = tensors.Keys.Where(k => k.StartsWith("expected/")).Select(k => k["expected/".Length..]).Order();
        Assert.Equal(expectedNames, comparisons.Select(x => x.Name).Order());
        foreach (var (n, actual, expected) in comparisons)
        {
            Assert.Equal(expected.Shape, actual.Shape);
            for (var i = 0; i < expected.Size; i++)
            {
                double a = actual.Span[i], e = expected.Span[i];
                Assert.True(Math.Abs(a - e) <= atol + rtol * Math.Abs(e), $"{name} {n}[{i}]: {a} vs {e}");
            }
        }
    }

    [Fact]
    public void Unknown_metric_type_is_an_error_naming_it()
    {
        using var spec = JsonDocument.Parse("""{"type":"brier"}""");
        var t = Tensor.FromArray(new[] { 0.0, 1.0 });
        var e = Assert.Throws<ArgumentException>(() => MetricConformance.Evaluate(spec.RootElement, _ => t));
        Assert.Contains("brier", e.Message);
    }
}
