using System.CommandLine;
using Functional.Cli.Models;
using Functional.Cli.Training;
using Functional.Onnx;

namespace Functional.Cli.Commands;

/// <summary>
/// <c>functional export --model-fn CKPT --onnx OUT.onnx</c>: rebuilds the model from the checkpoint's config, loads its
/// best weights (as <c>predict</c> does) and writes the eval-mode model as ONNX (opset 17, dynamic batch, input in the
/// model's layout: (N, 784) for fc, (N, 1, 28, 28) for cnn, (N, 28, 28) for rnn). The file is written atomically; a bad
/// checkpoint, an unwritable path or a layer ONNX cannot express exits with 2 and one line, leaving no file.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var modelFn = CommonOptions.ModelFn("Checkpoint written by `functional train`");
        var onnx = new Option<string>("--onnx") { Description = "The .onnx file to write", Required = true };
        var command = new Command("export", "Export a trained checkpoint as an ONNX model") { modelFn, onnx };
        command.SetAction(parsed => CommonOptions.Guard(parsed, "export", (output, _) =>
        {
            var path = parsed.GetValue(onnx)!;
            var saved = SavedModel.Open(parsed.GetValue(modelFn)!);
            var (p, s) = saved.Weights();
            var input = saved.Factory.Layout.Shape(28, 28);
            try { Functional.Onnx.Onnx.Export(saved.Model, p, s, input, path); }
            catch (OnnxExportException e) { throw new CliException(e.Message); }
            catch (IOException e) { throw new CliException(e.Message); }
            output.WriteLine($"Wrote {path} (ONNX opset {Functional.Onnx.Onnx.Opset}, input {Functional.Onnx.Onnx.InputName} {input.ToString().Replace("-1", "batch", StringComparison.Ordinal)})");
            return 0;
        }));
        return command;
    }
}
