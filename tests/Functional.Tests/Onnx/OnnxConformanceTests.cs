using System.Text.RegularExpressions;
using Functional.Tests.Cli;
using Functional.Tests.Conformance;

namespace Functional.Tests.Onnx;

/// <summary>
/// <c>functional conformance --onnx</c> over the reference sets: every eval-mode module case (and every train-mode case
/// without train-only behaviour) is exported, run under ONNX Runtime and compared with PyTorch's output.
/// </summary>
public sealed class OnnxConformanceTests
{
    [Theory]
    [InlineData("golden")]
    [InlineData("golden-variant")]
    public void Every_exportable_module_case_passes_under_ONNX_Runtime(string set)
    {
        var (exit, output, error) = CliData.Run("conformance", "--onnx", "--dir", Path.Combine(GoldenData.RepoRoot, "tests", "data", set));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.True(exit == 0, output + error);
        Assert.Equal(53, lines.Count);
        var m = Regex.Match(lines[^1], @"^conformance: (\d+) passed, 0 failed, (\d+) unsupported$");
        Assert.True(m.Success, lines[^1]);
        Assert.Equal(23, int.Parse(m.Groups[1].Value));
        // The recurrent, convolution, pooling, embedding and eval batch-norm cases all run; only train-mode batch norm
        // and the non-module kinds are left out.
        foreach (var name in new[] { "linear", "mlp_leaky", "act_logsoftmax", "batchnorm1d_eval", "batchnorm2d_eval", "conv2d_s2", "avgpool2d", "embedding", "flatten" })
            Assert.Contains("PASS " + name, lines);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^PASS (lstm|gru|rnn)_l\d_bi$"));
        Assert.Contains(lines, l => l.StartsWith("UNSUPPORTED batchnorm1d_train (", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("UNSUPPORTED mse_mean (kind 'loss' has no handler", StringComparison.Ordinal));
    }

    [Fact]
    public void Initial_state_cases_are_unsupported()
    {
        var (exit, output, _) = CliData.Run("conformance", "--onnx", "--dir", Path.Combine(GoldenData.RepoRoot, "tests", "data", "golden-initial-state"));
        Assert.Equal(0, exit);
        Assert.EndsWith("conformance: 0 passed, 0 failed, 16 unsupported", output.TrimEnd());
    }

    [Fact]
    public void A_wrong_case_fails_under_ONNX_too()
    {
        using var dir = new TempDir();
        File.Copy(GoldenData.File("act_tanh.safetensors"), dir.File("act_tanh.safetensors"));
        File.Copy(GoldenData.File("conv2d_s1.safetensors"), dir.File("conv2d_s1.safetensors"));
        // A tanh case claimed to be a sigmoid (float64 path), and a convolution claimed to have dilation 2 (float32 path).
        File.WriteAllText(dir.File("manifest.json"), """
            {"format":1,"cases":[
             {"name":"act_tanh","kind":"module","spec":{"type":"Sigmoid","mode":"eval"},"file":"act_tanh.safetensors","rtol":1e-7,"atol":1e-9},
             {"name":"conv","kind":"module","spec":{"type":"Conv2d","in_channels":2,"out_channels":4,"kernel_size":3,"stride":1,"padding":2,"dilation":2,"mode":"eval"},"file":"conv2d_s1.safetensors","rtol":1e-7,"atol":1e-9}]}
            """);
        var (exit, output, _) = CliData.Run("conformance", "--onnx", "--dir", dir.Path);
        Assert.Equal(1, exit);
        Assert.Contains("FAIL act_tanh  max error", output);
        Assert.Contains("ONNX Runtime, float64", output);
        Assert.Contains("FAIL conv  max error", output);
        Assert.Contains("ONNX Runtime, float32", output);
        Assert.EndsWith("conformance: 0 passed, 2 failed, 0 unsupported", output.TrimEnd());
    }
}
