using System.CommandLine;
using Functional.Cli.Models;
using Functional.Cli.Training;

namespace Functional.Cli.Commands;

/// <summary><c>functional summary --model fc [model options]</c>: the layer table (output shapes, parameter counts) for 28×28 images and 10 classes.</summary>
internal static class SummaryCommand
{
    public static Command Create()
    {
        var model = new CommonOptions.ModelGroup();
        var command = new Command("summary", "Show a model's layers, output shapes and parameter counts");
        model.AddTo(command);
        command.SetAction(parsed => CommonOptions.Guard(parsed, "summary", (output, _) =>
        {
            var options = model.Read(parsed);
            var factory = ModelRegistry.Get(options.Model);
            var layer = SavedModel.Build(factory, options, 28, 28, 10);
            output.WriteLine($"{factory.Name}: {factory.Description}");
            output.Write(Summary.Of(layer, factory.Layout.Shape(28, 28)));
            return 0;
        }));
        return command;
    }
}
