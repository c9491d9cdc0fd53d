using System.CommandLine;
using Functional.Conformance;

namespace Functional.Cli.Commands;

/// <summary>
/// <c>functional conformance --dir DIR</c>: runs every reference case of DIR/manifest.json and prints one line per
/// case, then <c>conformance: P passed, F failed, U unsupported</c>. Exit code 1 if any case fails, 2 on bad usage.
/// With <c>--onnx</c> the module cases run through ONNX instead: each is exported and run under ONNX Runtime
/// (<see cref="Onnx.OnnxModuleCaseHandler"/>); cases of other kinds are UNSUPPORTED.
/// </summary>
internal static class ConformanceCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "Directory holding manifest.json and the case files", Required = true };
        var onnx = new Option<bool>("--onnx") { Description = "Export each module case to ONNX and run it under ONNX Runtime instead" };
        var command = new Command("conformance", "Run reference cases (PyTorch / scikit-learn) and compare") { dir, onnx };
        command.SetAction(parsed =>
        {
            var output = parsed.InvocationConfiguration.Output;
            Manifest manifest;
            try { manifest = Manifest.Read(parsed.GetValue(dir)!); }
            catch (ConformanceException e)
            {
                parsed.InvocationConfiguration.Error.WriteLine("conformance: " + e.Message);
                return App.UsageError;
            }
            var results = new List<CaseResult>();
            foreach (var r in ConformanceRunner.Run(manifest, parsed.GetValue(onnx) ? [new Onnx.OnnxModuleCaseHandler()] : null))
            {
                output.WriteLine(r);
                results.Add(r);
            }
            var summary = ConformanceRunner.Summarize(results);
            output.WriteLine(summary);
            return summary.Failed > 0 ? 1 : 0;
        });
        return command;
    }
}
