using System.Text.Json;

namespace Functional.Conformance;

/// <summary>
/// Runs one reference case of kind <c>metric</c> (see the golden cases' FORMAT.md): reads the inputs
/// <c>y_true</c> and <c>y_score</c> or <c>y_pred</c>, computes the metric the spec names, and pairs each result
/// with its <c>expected/NAME</c> tensor. The caller compares within the case's rtol/atol.
/// </summary>
public static class MetricConformance
{
    /// <summary>The comparisons of one metric case.</summary>
    /// <param name="spec">The case's <c>spec</c>: <c>type</c> is roc_auc (optionally <c>multi_class: "ovr"</c> and
    /// <c>average</c>), roc_curve (<c>drop_intermediate</c>), average_precision, precision_recall_curve or
    /// classification_report (<c>classes</c>).</param>
    /// <param name="tensor">The case's tensors by name; null when absent.</param>
    /// <returns>(name without the <c>expected/</c> prefix, actual, expected) for every expected tensor.</returns>
    /// <exception cref="ArgumentException">For an unknown metric type, a missing input, or no expected tensor at all.</exception>
    public static IReadOnlyList<(string Name, Tensor<double> Actual, Tensor<double> Expected)> Evaluate(
        JsonElement spec, Func<string, Tensor<double>?> tensor)
    {
        Tensor<double> Need(string name) => tensor(name) ?? throw new ArgumentException($"metric case: missing tensor '{name}'");
        var type = spec.GetProperty("type").GetString();
        var yTrue = Labels(Need("y_true"), "y_true");
        var actual = new Dictionary<string, double[]>();
        switch (type)
        {
            case "roc_auc":
                var scores = Need("y_score");
                if (scores.Rank == 2 && scores.Shape[1] > 1 || spec.TryGetProperty("multi_class", out _))
                    actual["value"] = [RocAuc.OneVsRest(yTrue, scores.ToDoubleArray(), scores.Shape[^1], Average(spec, MetricAverage.Macro))];
                else
                    actual["value"] = [RocAuc.Binary(yTrue, scores.ToDoubleArray())];
                break;
            case "roc_curve":
                var drop = spec.TryGetProperty("drop_intermediate", out var d) && d.GetBoolean();
                var roc = RocCurve.Compute(yTrue, Need("y_score").ToDoubleArray(), drop);
                (actual["fpr"], actual["tpr"], actual["thresholds"]) = ([.. roc.Fpr], [.. roc.Tpr], [.. roc.Thresholds]);
                break;
            case "average_precision":
                actual["value"] = [AveragePrecision.Compute(yTrue, Need("y_score").ToDoubleArray())];
                break;
            case "precision_recall_curve":
                var pr = PrecisionRecallCurve.Compute(yTrue, Need("y_score").ToDoubleArray());
                (actual["precision"], actual["recall"], actual["thresholds"]) = ([.. pr.Precision], [.. pr.Recall], [.. pr.Thresholds]);
                break;
            case "classification_report":
                Report(spec, yTrue, Labels(Need("y_pred"), "y_pred"), actual);
                break;
            default:
                throw new ArgumentException($"metric case: unknown metric type '{type}'");
        }
        var result = new List<(string, Tensor<double>, Tensor<double>)>();
        foreach (var (name, value) in actual)
            if (tensor("expected/" + name) is { } expected)
                result.Add((name, Tensor.FromArray(value, value.Length == expected.Size ? expected.Shape.ToArray() : [value.Length]), expected));
        if (result.Count == 0) throw new ArgumentException($"metric case: no expected tensor for metric '{type}'");
        return result;
    }

    private static void Report(JsonElement spec, int[] yTrue, int[] yPred, Dictionary<string, double[]> actual)
    {
        var classes = spec.TryGetProperty("classes", out var k) ? k.GetInt32() : Math.Max(yTrue.Max(), yPred.Max()) + 1;
        var zd = spec.TryGetProperty("zero_division", out var z) && z.ValueKind == JsonValueKind.Number && z.GetDouble() == 1
            ? ZeroDivision.One : ZeroDivision.Zero;
        var cm = ConfusionMatrix.Of(yTrue, yPred, classes);
        actual["confusion"] = cm.ToTensor<double>().ToArray();
        actual["accuracy"] = [Accuracy.OfPredictions(yTrue, yPred)];
        foreach (var (avg, name) in new[] { (MetricAverage.Macro, "macro"), (MetricAverage.Micro, "micro"), (MetricAverage.Weighted, "weighted") })
        {
            var s = PrecisionRecallF1.Average(yTrue, yPred, avg, zd);
            (actual["precision_" + name], actual["recall_" + name], actual["f1_" + name]) = ([s.Precision], [s.Recall], [s.F1]);
        }
        var per = PrecisionRecallF1.PerClass(yTrue, yPred, [.. Enumerable.Range(0, classes)], zd);
        (actual["precision_per_class"], actual["recall_per_class"], actual["f1_per_class"]) = ([.. per.Precision], [.. per.Recall], [.. per.F1]);
        actual["support_per_class"] = [.. per.Support.Select(s => (double)s)];
    }

    /// <summary>The case files store labels as whole-valued F64; anything else is an error naming the tensor.</summary>
    private static int[] Labels(Tensor<double> labels, string name)
    {
        var v = labels.ToArray();
        var r = new int[v.Length];
        for (var i = 0; i < v.Length; i++)
            r[i] = v[i] == Math.Floor(v[i]) && v[i] is >= int.MinValue and <= int.MaxValue ? (int)v[i]
                : throw new ArgumentException($"metric case: {name}[{i}] = {v[i]} is not a whole number");
        return r;
    }

    private static MetricAverage Average(JsonElement spec, MetricAverage fallback)
        => !spec.TryGetProperty("average", out var a) ? fallback : a.GetString() switch
        {
            "macro" => MetricAverage.Macro,
            "micro" => MetricAverage.Micro,
            "weighted" => MetricAverage.Weighted,
            var s => throw new ArgumentException($"metric case: unsupported average '{s}'"),
        };
}
