using System.CommandLine;
using System.Globalization;
using Functional.Cli.Training;
using Functional.Plots;

namespace Functional.Cli.Commands;

/// <summary>
/// <c>functional predict --model-fn PATH</c>: rebuilds the model from the checkpoint's config, loads its weights by
/// state-dict name, classifies the test set in eval mode, prints <c>Accuracy: 0.xxxx</c> and the first n predictions
/// against their labels, and writes them as an image grid.
/// </summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var modelFn = CommonOptions.ModelFn("Checkpoint written by `functional train`");
        var dataDir = CommonOptions.DataDir();
        var n = CommonOptions.Positive(new Option<int>("--n") { Description = "How many predictions to print and draw", DefaultValueFactory = _ => 20 });
        var imageOut = new Option<string?>("--image-out") { Description = "Image grid to write (default: next to the checkpoint, NAME.predictions.png)" };
        var command = new Command("predict", "Classify the test set with a trained checkpoint") { modelFn, dataDir, n, imageOut };
        command.SetAction(parsed => CommonOptions.Guard(parsed, "predict", (output, _) =>
        {
            var path = parsed.GetValue(modelFn)!;
            var grid = parsed.GetValue(imageOut) ?? Path.ChangeExtension(path, "predictions.png");
            CommonOptions.CheckWritable(grid, "image");
            var saved = SavedModel.Open(path);
            var (p, s) = saved.Weights();
            var dir = parsed.GetValue(dataDir);
            var test = MnistInput.Load(dir).Test;
            var predicted = Argmax(saved.Predict(test.Images, p, s));
            var names = MnistInput.ClassNames(dir, saved.Init.Output[^1]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Accuracy: {Accuracy.OfPredictions(test.Labels.AsSpan(), predicted):F4}"));
            var count = Math.Min(parsed.GetValue(n), test.Count);
            for (var i = 0; i < count; i++)
                output.WriteLine($"{i,4}  predicted {names[predicted[i]],-12} label {names[test.Labels[i]]}{(predicted[i] == test.Labels[i] ? "" : "  (wrong)")}");
            ImageGrid.Save(grid, test.Images, test.Labels, predicted, names, count, columns: 5, scale: 6);
            output.WriteLine($"Wrote {grid}");
            return 0;
        }));
        return command;
    }

    /// <summary>The index of the largest value of each row of an (N, C) tensor.</summary>
    internal static int[] Argmax(Tensor<float> scores)
    {
        var (rows, c) = (scores.Shape[0], scores.Shape[1]);
        var span = scores.Span;
        var r = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            var row = span.Slice(i * c, c);
            var best = 0;
            for (var j = 1; j < c; j++) if (row[j] > row[best]) best = j;
            r[i] = best;
        }
        return r;
    }
}
