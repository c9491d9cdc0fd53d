using System.Text.Json;
using Functional.Conformance;

namespace Functional.Tests.Conformance;

/// <summary>
/// Recurrent module cases with an initial state (<c>input/1</c> = h_0, <c>input/2</c> = c_0, tests/data/golden-initial-state):
/// the state is used, its gradients are compared, and inputs that do not fit are reported, not ignored.
/// </summary>
public class InitialStateCaseTests
{
    private static string SetDirectory => Path.Combine(GoldenData.RepoRoot, "tests", "data", "golden-initial-state");

    /// <summary>Runs one case of the initial-state set after changing its tensors and, optionally, its spec.</summary>
    private static CaseResult Run(string name, Func<IEnumerable<SafeTensor>, IEnumerable<SafeTensor>> change, Func<string, string>? spec = null)
    {
        using var dir = new TempDir();
        var c = Manifest.Read(SetDirectory).Cases.Single(x => x.Name == name);
        var data = SafeTensors.Read(Path.Combine(SetDirectory, c.File)).ThrowIfFail();
        SafeTensors.Write(dir.File(c.File), change(data.Entries));
        var changed = spec is null ? c : c with { Spec = JsonDocument.Parse(spec(c.Spec.GetRawText())).RootElement.Clone() };
        return ConformanceRunner.Run(new Manifest(dir.Path, "test", "test", [changed])).Single();
    }

    private static IEnumerable<SafeTensor> Perturb(IEnumerable<SafeTensor> entries, string tensor)
        => entries.Select(e => e.Name != tensor ? e : SafeTensor.From(e.Name, e.ToTensor<double>() + Tensor.Full(1e-3, e.Shape.ToArray())));

    [Theory]
    [InlineData("rnn_tanh_h0_l2_bi", "expected_grad/input/1")]
    [InlineData("gru_h0_l1", "expected_grad/input/1")]
    [InlineData("lstm_h0_l2_bi", "expected_grad/input/1")]
    [InlineData("lstm_h0_l2_bi", "expected_grad/input/2")]
    [InlineData("lstm_h0_l1", "expected_grad/input/0")]
    public void APerturbedStateGradientFailsNamingIt(string name, string tensor)
    {
        var r = Run(name, e => Perturb(e, tensor));
        Assert.Equal(Verdict.Fail, r.Verdict);
        Assert.Equal(tensor, r.Tensor);
        Assert.InRange(r.MaxError, 0.9e-3, 1.1e-3);
    }

    /// <summary>Without input/1 (and its gradient) the layer starts from zeros, which is not the state PyTorch used.</summary>
    [Theory]
    [InlineData("rnn_relu_h0_l1")]
    [InlineData("gru_h0_l2_bi")]
    public void TheInitialStateIsUsed(string name)
    {
        var r = Run(name, e => e.Where(t => t.Name is not ("input/1" or "expected_grad/input/1")));
        Assert.Equal(Verdict.Fail, r.Verdict);
        Assert.NotNull(r.Tensor);
    }

    [Fact]
    public void AnLstmGivenOnlyH0FailsNamingBothStates()
    {
        var r = Run("lstm_h0_l1", e => e.Where(t => t.Name is not ("input/2" or "expected_grad/input/2")));
        Assert.Equal(Verdict.Fail, r.Verdict);
        Assert.Contains("(h_0, c_0)", r.Detail);
    }

    [Fact]
    public void AnRnnGivenACellStateFails()
    {
        var r = Run("rnn_tanh_h0_l1", e => e.Concat([SafeTensor.From("input/2", e.Single(t => t.Name == "input/1").ToTensor<double>())]));
        Assert.Equal(Verdict.Fail, r.Verdict);
        Assert.Contains("h_0", r.Detail);
    }

    [Fact]
    public void AStateOfTheWrongShapeFailsNamingTheLayer()
    {
        var r = Run("gru_h0_l2", e => e.Select(t => t.Name != "input/1" ? t : SafeTensor.From(t.Name, Tensor.Zeros<double>(1, 3, 5))));
        Assert.Equal(Verdict.Fail, r.Verdict);
        Assert.Contains("initial state", r.Detail);
    }

    [Fact]
    public void ASecondInputToANonRecurrentLayerIsUnsupported()
    {
        var r = Run("rnn_tanh_h0_l1", e => e.Where(t => !t.Name.StartsWith("param/", StringComparison.Ordinal)),
            spec => """{"type": "Identity", "mode": "eval"}""");
        Assert.Equal(Verdict.Unsupported, r.Verdict);
        Assert.Contains("only recurrent layers", r.Detail);
    }
}
