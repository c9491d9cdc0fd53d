using ScottPlot;

namespace Functional.Plots;

/// <summary>ROC curves with the area under each in the legend.</summary>
public static class RocPlot
{
    /// <summary>One ROC curve: false-positive rate against true-positive rate, with the chance diagonal.</summary>
    /// <param name="path">The PNG to write.</param>
    /// <param name="curves">Per curve: a name, the false-positive rates, the true-positive rates and the AUC.</param>
    /// <param name="title">The plot title.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void Save(string path, IReadOnlyList<(string Name, IReadOnlyList<double> Fpr, IReadOnlyList<double> Tpr, double Auc)> curves,
        string title = "ROC curve", int width = 600, int height = 600)
    {
        Png.Check(width, height);
        var plt = new Plot();
        var diagonal = plt.Add.Line(0, 0, 1, 1);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.Color = Colors.Gray;
        foreach (var (name, fpr, tpr, auc) in curves)
        {
            if (fpr.Count != tpr.Count) throw new ArgumentException($"ROC curve '{name}': {fpr.Count} FPR values but {tpr.Count} TPR values");
            var line = plt.Add.Scatter(fpr.ToArray(), tpr.ToArray());
            line.MarkerSize = 0;
            line.LegendText = $"{name} (AUC = {auc:F4})";
        }
        plt.Axes.SetLimits(0, 1, 0, 1.02);
        plt.Title(title);
        plt.XLabel("false positive rate");
        plt.YLabel("true positive rate");
        plt.ShowLegend(Alignment.LowerRight);
        Png.Save(path, tmp => plt.SavePng(tmp, width, height));
    }

    /// <summary>A single ROC curve.</summary>
    public static void Save(string path, IReadOnlyList<double> fpr, IReadOnlyList<double> tpr, double auc, string name = "model", int width = 600, int height = 600)
        => Save(path, [(name, fpr, tpr, auc)], "ROC curve", width, height);
}
