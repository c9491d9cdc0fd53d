using System.Text.Json;
using Functional.Conformance;

namespace Functional.Tests.Conformance;

public class ConformanceRunnerTests
{
    private static readonly HashSet<string> CoreLayers =
        ["Linear", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Sequential", "Flatten", "Identity"];

    [Fact]
    public void GoldenCoreModulesAndEveryLossPassAndNothingFails()
    {
        var manifest = Manifest.Read(GoldenData.Directory);
        var results = ConformanceRunner.Run(manifest).ToDictionary(r => r.Name);
        Assert.Equal(manifest.Cases.Length, results.Count);
        Assert.Empty(results.Values.Where(r => r.Verdict == Verdict.Fail).Select(r => r.ToString()));

        var core = manifest.Cases.Where(c => c.Kind == "loss" || (c.Kind == "module" && CoreLayers.Contains(c.Spec.GetProperty("type").GetString()!))).ToList();
        Assert.Contains(core, c => c.Name == "mlp_leaky");
        Assert.Equal(8, core.Count(c => c.Kind == "loss"));
        Assert.All(core, c => Assert.True(results[c.Name].Verdict == Verdict.Pass, results[c.Name].ToString()));
    }

    [Theory]
    [InlineData("golden", 52)]
    [InlineData("golden-variant", 52)]
    [InlineData("golden-initial-state", 16)]
    public void EveryReferenceCasePasses(string set, int count)
    {
        var manifest = Manifest.Read(Path.Combine(GoldenData.RepoRoot, "tests", "data", set));
        var results = ConformanceRunner.Run(manifest).ToList();
        Assert.Equal(count, results.Count);
        Assert.All(results, r => Assert.True(r.Verdict == Verdict.Pass, r.ToString()));
    }

    /// <summary>Copies one golden case into a temporary directory, letting the test change its tensors or manifest entry.</summary>
    private static TempDir OneCase(string name, Func<SafeTensor, SafeTensor>? change = null, Func<string, string>? manifest = null)
    {
        var dir = new TempDir();
        var golden = Manifest.Read(GoldenData.Directory).Cases.Single(c => c.Name == name);
        var data = SafeTensors.Read(GoldenData.File(golden.File)).ThrowIfFail();
        SafeTensors.Write(dir.File(golden.File), data.Entries.Select(change ?? (e => e)));
        var entry = JsonSerializer.Serialize(new { name, kind = golden.Kind, spec = golden.Spec, file = golden.File, rtol = golden.Rtol, atol = golden.Atol });
        File.WriteAllText(dir.File("manifest.json"), $$"""{"format":1,"set":"test","source":"test","cases":[{{(manifest ?? (s => s))(entry)}}]}""");
        return dir;
    }

    private static CaseResult RunSingle(TempDir dir) => ConformanceRunner.Run(Manifest.Read(dir.Path)).Single();

    [Fact]
    public void APerturbedGradientFailsNamingTheTensorAndItsError()
    {
        using var dir = OneCase("linear", e => e.Name != "expected_grad/param/weight" ? e
            : SafeTensor.From(e.Name, e.ToTensor<double>() + Tensor.Full(1e-3, e.Shape.ToArray())));
        var r = RunSingle(dir);
        Assert.Equal(Verdict.Fail, r.Verdict);
        Assert.Equal("expected_grad/param/weight", r.Tensor);
        Assert.InRange(r.MaxError, 0.9e-3, 1.1e-3);
        Assert.StartsWith("FAIL linear  max error 0.001 in tensor expected_grad/param/weight", r.ToString());
    }

    [Fact]
    public void AChangeWithinToleranceStillPasses()
    {
        using var dir = OneCase("linear", e => e.Name != "expected/output" ? e
            : SafeTensor.From(e.Name, e.ToTensor<double>() + Tensor.Full(1e-10, e.Shape.ToArray())));
        Assert.Equal(Verdict.Pass, RunSingle(dir).Verdict);
    }

    [Fact]
    public void AWrongShapeFails()
    {
        using var dir = OneCase("act_relu", e => e.Name != "expected/output" ? e : SafeTensor.From(e.Name, e.ToTensor<double>().Reshape(-1)));
        var r = RunSingle(dir);
        Assert.Equal(Verdict.Fail, r.Verdict);
        Assert.Contains("shape", r.Detail);
    }

    [Fact]
    public void UnknownKindAndUnknownTypeAreUnsupported()
    {
        using (var dir = OneCase("linear", manifest: s => s.Replace("\"module\"", "\"teleport\"")))
            Assert.Equal("UNSUPPORTED linear (kind 'teleport' has no handler)", RunSingle(dir).ToString());
        using (var dir = OneCase("linear", manifest: s => s.Replace("\"Linear\"", "\"Quantum\"")))
        {
            var r = RunSingle(dir);
            Assert.Equal(Verdict.Unsupported, r.Verdict);
            Assert.Contains("Quantum", r.Detail);
        }
    }

    [Fact]
    public void AMissingOrBrokenCaseFileFailsNamingIt()
    {
        using var dir = OneCase("mse_sum");
        File.WriteAllBytes(dir.File("mse_sum.safetensors"), [1, 2, 3]);
        var r = RunSingle(dir);
        Assert.Equal(Verdict.Fail, r.Verdict);
        Assert.Contains("mse_sum.safetensors", r.Detail);
    }

    [Fact]
    public void ManifestErrorsNameThePath()
    {
        Assert.Contains("/no/such/dir", Assert.Throws<ConformanceException>(() => Manifest.Read("/no/such/dir")).Message);
        using var dir = new TempDir();
        File.WriteAllText(dir.File("manifest.json"), """{"format":1,"cases":[{"name":"x"}]}""");
        Assert.Contains("manifest.json", Assert.Throws<ConformanceException>(() => Manifest.Read(dir.Path)).Message);
    }

    [Theory]
    [InlineData(1.0, 1.0, true)]
    [InlineData(1.0 + 1.0e-7, 1.0, true)]      // within 1e-9 + 1e-7·1
    [InlineData(1.0 + 2e-7, 1.0, false)]
    [InlineData(5e-10, 0.0, true)]
    [InlineData(2e-9, 0.0, false)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity, true)]
    [InlineData(double.NaN, double.NaN, false)]
    public void ToleranceRule(double actual, double expected, bool close)
        => Assert.Equal(close, new ConformanceCase("c", "module", default, "f", 1e-7, 1e-9).Close(actual, expected));
}
