using ScottPlot;

namespace Functional.Plots;

/// <summary>Learning curves: one line per named series against the epoch, optionally on a log scale.</summary>
public static class CurvePlot
{
    /// <summary>
    /// Writes a PNG with one line per series (e.g. "train" and "valid" losses), x = epoch 1..n.
    /// With <paramref name="logScale"/>, the y axis is log10 with decade ticks; non-positive values are skipped.
    /// </summary>
    /// <example><code>CurvePlot.Save("runs/curve.png", new() { ["train"] = h.TrainLoss, ["valid"] = h.ValidLoss });</code></example>
    public static void Save(string path, IReadOnlyDictionary<string, IReadOnlyList<double>> series, string title = "Loss", string yLabel = "loss",
        bool logScale = true, int width = 800, int height = 500)
    {
        Png.Check(width, height);
        var plt = new Plot();
        foreach (var (name, values) in series)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (var i = 0; i < values.Count; i++)
            {
                var v = values[i];
                if (double.IsNaN(v) || double.IsInfinity(v) || (logScale && v <= 0)) continue;
                xs.Add(i + 1);
                ys.Add(logScale ? Math.Log10(v) : v);
            }
            var line = plt.Add.Scatter(xs.ToArray(), ys.ToArray());
            line.LegendText = name;
        }
        if (logScale)
        {
            plt.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                LabelFormatter = y => Math.Pow(10, y).ToString("G3"),
            };
            yLabel += " (log scale)";
        }
        plt.Title(title);
        plt.XLabel("epoch");
        plt.YLabel(yLabel);
        plt.ShowLegend(Edge.Right);   // outside the data area, so it never hides the last epochs
        Png.Save(path, tmp => plt.SavePng(tmp, width, height));
    }

    /// <summary>Writes the train and validation losses of <paramref name="history"/> on a log scale.</summary>
    public static void Save(string path, History history, string title = "Loss", int width = 800, int height = 500)
    {
        var series = new Dictionary<string, IReadOnlyList<double>> { ["train"] = history.TrainLoss };
        if (history.ValidLoss.Any(v => !double.IsNaN(v))) series["valid"] = history.ValidLoss;
        Save(path, series, title, "loss", true, width, height);
    }
}
