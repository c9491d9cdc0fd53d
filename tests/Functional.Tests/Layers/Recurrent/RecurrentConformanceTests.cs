using LanguageExt;
using Functional.Conformance;
using Functional.Tests.Conformance;

namespace Functional.Tests.Layers.Recurrent;

public class RecurrentConformanceTests
{
    private static readonly string[] Names = ["rnn_l1", "rnn_l2_bi", "lstm_l1", "lstm_l2_bi", "gru_l1", "gru_l2_bi", "embedding"];

    private static Manifest Only(Func<ConformanceCase, bool> keep)
    {
        var m = Manifest.Read(GoldenData.Directory);
        return m with { Cases = [.. m.Cases.Where(keep)] };
    }

    [Fact]
    public void GoldenRecurrentCasesPassIncludingHnAndCn()
    {
        var results = ConformanceRunner.Run(Only(c => Names.Contains(c.Name))).ToList();
        Assert.Equal(Names.Length, results.Count);
        Assert.All(results, r => Assert.True(r.Verdict == Verdict.Pass, r.ToString()));
    }

    /// <summary>The upstream gradients of h_n and c_n are used: dropping c_n's changes the gradients, and the case fails.</summary>
    [Fact]
    public void TheUpstreamGradientOfCnIsPulledBack()
    {
        using var dir = new TempDir();
        var golden = Manifest.Read(GoldenData.Directory).Cases.Single(c => c.Name == "lstm_l2_bi");
        var data = SafeTensors.Read(GoldenData.File(golden.File)).ThrowIfFail();
        SafeTensors.Write(dir.File(golden.File), data.Entries.Where(e => e.Name != "upstream/c_n"));
        var result = ConformanceRunner.Run(new Manifest(dir.Path, "test", "test", [golden])).Single();
        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.StartsWith("expected_grad/", result.Tensor);
    }
}
