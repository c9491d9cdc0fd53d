using System.CommandLine;
using System.Globalization;
using System.Text;
using Functional.Cli.Training;
using Functional.Plots;

namespace Functional.Cli.Commands;

/// <summary>
/// <c>functional evaluate --model-fn PATH</c>: the test set's classification report, confusion matrix and one-vs-rest
/// AUROC (on the softmax of the log-probabilities), with confusion-matrix and ROC PNGs.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var modelFn = CommonOptions.ModelFn("Checkpoint written by `functional train`");
        var dataDir = CommonOptions.DataDir();
        var outDir = new Option<string?>("--out-dir") { Description = "Where to write the PNGs (default: the checkpoint's directory)" };
        var command = new Command("evaluate", "Classification report, confusion matrix and ROC AUC of a checkpoint on the test set") { modelFn, dataDir, outDir };
        command.SetAction(parsed => CommonOptions.Guard(parsed, "evaluate", (output, _) =>
        {
            var path = parsed.GetValue(modelFn)!;
            var stem = Path.GetFileNameWithoutExtension(path);
            var dir = parsed.GetValue(outDir) ?? Path.GetDirectoryName(Path.GetFullPath(path))!;
            var (confusionPng, rocPng) = (Path.Combine(dir, stem + ".confusion.png"), Path.Combine(dir, stem + ".roc.png"));
            CommonOptions.CheckWritable(confusionPng, "image");
            var saved = SavedModel.Open(path);
            var (p, s) = saved.Weights();
            var data = parsed.GetValue(dataDir);
            var test = MnistInput.Load(data).Test;
            var logp = saved.Predict(test.Images, p, s);
            var predicted = PredictCommand.Argmax(logp);
            var classes = logp.Shape[1];
            var names = MnistInput.ClassNames(data, classes);

            output.WriteLine(ClassificationReport.Compute(test.Labels.AsSpan(), predicted, [.. Enumerable.Range(0, classes)], names));
            var cm = ConfusionMatrix.Of(test.Labels.AsSpan(), predicted, classes);
            output.WriteLine("Confusion matrix (rows: true class, columns: predicted class):");
            output.WriteLine(Table(cm, names));

            var prob = Tensor.Exp(logp).Span.ToArray().Select(v => (double)v).ToArray();
            Normalize(prob, classes);
            var perClass = RocAuc.OneVsRestPerClass(test.Labels.AsSpan(), prob, classes);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ROC AUC (one-vs-rest, macro): {perClass.Average():F4}"));
            for (var c = 0; c < classes; c++) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {names[c],-12} {perClass[c]:F4}"));

            var counts = new int[classes, classes];
            for (var i = 0; i < classes; i++) for (var j = 0; j < classes; j++) counts[i, j] = (int)cm[i, j];
            ConfusionPlot.Save(confusionPng, counts, names);
            (string, IReadOnlyList<double>, IReadOnlyList<double>, double) Curve(int c)
            {
                var scores = Enumerable.Range(0, test.Count).Select(i => prob[i * classes + c]).ToArray();
                var labels = test.Labels.Select(l => l == c ? 1 : 0).ToArray();
                var roc = RocCurve.Compute(labels, scores, dropIntermediate: true);
                return (names[c], roc.Fpr, roc.Tpr, perClass[c]);
            }
            var curves = Enumerable.Range(0, classes).Select(Curve).ToList();
            RocPlot.Save(rocPng, curves, "ROC, one vs rest");
            output.WriteLine($"Wrote {confusionPng} and {rocPng}");
            return 0;
        }));
        return command;
    }

    /// <summary>Softmax of log-probabilities, renormalized so each row sums to 1 in double (as scikit-learn requires).</summary>
    private static void Normalize(double[] p, int classes)
    {
        for (var i = 0; i < p.Length; i += classes)
        {
            var sum = 0.0;
            for (var j = 0; j < classes; j++) sum += p[i + j];
            for (var j = 0; j < classes; j++) p[i + j] /= sum;
        }
    }

    private static string Table(ConfusionMatrix cm, IReadOnlyList<string> names)
    {
        var w = Math.Max(6, (int)Math.Log10(Math.Max(1, cm.Total)) + 2);
        var nw = names.Max(n => n.Length);
        var sb = new StringBuilder();
        sb.Append(new string(' ', nw));
        for (var j = 0; j < cm.Classes; j++) sb.Append(j.ToString(CultureInfo.InvariantCulture).PadLeft(w));
        sb.AppendLine();
        for (var i = 0; i < cm.Classes; i++)
        {
            sb.Append(names[i].PadRight(nw));
            for (var j = 0; j < cm.Classes; j++) sb.Append(cm[i, j].ToString(CultureInfo.InvariantCulture).PadLeft(w));
            sb.AppendLine($"   {i}");
        }
        return sb.ToString();
    }
}
