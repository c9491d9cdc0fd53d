using System.Text.RegularExpressions;
using Functional.Cli;
using Functional.Tests.Conformance;

namespace Functional.Tests.Cli;

public class ConformanceCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = App.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void GoldenDirectoryPrintsOneLinePerCaseAndASummary()
    {
        var (exit, output, _) = Run("conformance", "--dir", GoldenData.Directory);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(0, exit);
        Assert.Equal(53, lines.Count);
        Assert.Contains("PASS mlp_leaky", lines);
        Assert.Contains("PASS cross_entropy_mean", lines);
        Assert.All(lines[..^1], l => Assert.Matches("^(PASS|UNSUPPORTED) ", l));
        var m = Regex.Match(lines[^1], @"^conformance: (\d+) passed, 0 failed, (\d+) unsupported$");
        Assert.True(m.Success, lines[^1]);
        Assert.True(int.Parse(m.Groups[1].Value) >= 18);
        Assert.Equal(52, int.Parse(m.Groups[1].Value) + int.Parse(m.Groups[2].Value));
    }

    [Fact]
    public void MissingDirectoryIsAUsageError()
    {
        var (exit, _, error) = Run("conformance", "--dir", "/no/such/cases");
        Assert.Equal(2, exit);
        Assert.Contains("/no/such/cases", error);
    }

    [Theory]
    [InlineData]
    [InlineData("conformance")]
    [InlineData("conformance", "--dir")]
    [InlineData("frobnicate")]
    public void BadUsageExitsWithTwo(params string[] args)
    {
        var (exit, _, error) = Run(args);
        Assert.Equal(2, exit);
        Assert.Contains("--help", error);
    }

    [Fact]
    public void AFailingCaseExitsWithOne()
    {
        using var dir = new TempDir();
        File.Copy(GoldenData.File("act_tanh.safetensors"), dir.File("act_tanh.safetensors"));
        // Claim the case is a sigmoid: the expected tanh outputs then do not match.
        File.WriteAllText(dir.File("manifest.json"),
            """{"format":1,"cases":[{"name":"act_tanh","kind":"module","spec":{"type":"Sigmoid","mode":"train"},"file":"act_tanh.safetensors","rtol":1e-7,"atol":1e-9}]}""");
        var (exit, output, _) = Run("conformance", "--dir", dir.Path);
        Assert.Equal(1, exit);
        Assert.Contains("FAIL act_tanh  max error", output);
        Assert.Contains("conformance: 0 passed, 1 failed, 0 unsupported", output);
    }

    [Fact]
    public void InfoPrintsTheBackend()
    {
        var (exit, output, _) = Run("info");
        Assert.Equal(0, exit);
        Assert.Contains("blas backend: " + Functional.Blas.Backend, output);
        Assert.Contains("simd: " + Functional.Blas.Simd, output);
        Assert.Contains(".net:", output);
    }
}
