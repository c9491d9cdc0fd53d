using ScottPlot;

namespace Functional.Plots;

/// <summary>A confusion-matrix heat map: rows are true classes, columns predicted classes, each cell labelled with its count.</summary>
public static class ConfusionPlot
{
    /// <summary>Writes the heat map of a <see cref="ConfusionMatrix"/>.</summary>
    public static void Save(string path, ConfusionMatrix matrix, IReadOnlyList<string>? classNames = null, string title = "Confusion matrix",
        int width = 800, int height = 700)
    {
        var counts = matrix.ToArray();
        var ints = new int[counts.GetLength(0), counts.GetLength(1)];
        for (var i = 0; i < counts.GetLength(0); i++)
            for (var j = 0; j < counts.GetLength(1); j++) ints[i, j] = checked((int)counts[i, j]);
        Save(path, ints, classNames, title, width, height);
    }

    /// <summary>Writes the heat map of <paramref name="counts"/> (true class × predicted class).</summary>
    public static void Save(string path, int[,] counts, IReadOnlyList<string>? classNames = null, string title = "Confusion matrix",
        int width = 800, int height = 700)
    {
        Png.Check(width, height);
        int n = counts.GetLength(0);
        if (counts.GetLength(1) != n) throw new ArgumentException($"a confusion matrix must be square, got {n}x{counts.GetLength(1)}");
        if (classNames is not null && classNames.Count != n) throw new ArgumentException($"{classNames.Count} class names for {n} classes");
        var names = classNames ?? Enumerable.Range(0, n).Select(i => i.ToString()).ToArray();
        var values = new double[n, n];
        var max = 1;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) { values[i, j] = counts[i, j]; max = Math.Max(max, counts[i, j]); }
        var plt = new Plot();
        var hm = plt.Add.Heatmap(values);
        hm.Colormap = new ScottPlot.Colormaps.Viridis();
        plt.Add.ColorBar(hm);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                // Heatmap row 0 is drawn at the top: cell (i, j) is centred at x = j, y = n - 1 - i.
                var label = plt.Add.Text(counts[i, j].ToString(), j, n - 1 - i);
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontColor = counts[i, j] > max / 2 ? Colors.Black : Colors.White;
            }
        var ticks = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plt.Axes.Bottom.SetTicks(ticks, names.ToArray());
        plt.Axes.Left.SetTicks(ticks, names.Reverse().ToArray());
        plt.Title(title);
        plt.XLabel("predicted");
        plt.YLabel("true");
        Png.Save(path, tmp => plt.SavePng(tmp, width, height));
    }
}
