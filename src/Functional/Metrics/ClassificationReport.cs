using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Functional;

/// <summary>
/// Per-class precision, recall, F1 and support with accuracy and averages, as scikit-learn 1.2's
/// <c>classification_report</c>; <see cref="ToString()"/> renders its text table (4 digits).
/// <example><code>
/// var report = ClassificationReport.Compute(truth, predicted, names: ["T-shirt", "Trouser", ...]);
/// Console.WriteLine(report);
/// double macroF1 = report.Macro.F1;
/// </code></example>
/// </summary>
/// <param name="Names">The row name of each label (the label itself unless names were given).</param>
/// <param name="Classes">The per-label scores.</param>
/// <param name="Accuracy">Correct predictions over all samples.</param>
/// <param name="Micro">Micro average over the labels (equal to accuracy when all present labels are scored).</param>
/// <param name="Macro">Unweighted mean over labels.</param>
/// <param name="Weighted">Mean weighted by support.</param>
/// <param name="MicroIsAccuracy">True when the labels scored are exactly those present, so scikit-learn prints an "accuracy" row instead of "micro avg".</param>
public sealed record ClassificationReport(ImmutableArray<string> Names, PerClassScores Classes, double Accuracy, AverageScores Micro,
    AverageScores Macro, AverageScores Weighted, bool MicroIsAccuracy)
{
    /// <summary>The total support: the number of true samples of the scored labels.</summary>
    public long Support => Classes.Support.Sum();

    /// <summary>The report of integer predictions against the truth.</summary>
    /// <param name="truth">True labels.</param>
    /// <param name="predicted">Predicted labels.</param>
    /// <param name="labels">The labels to report, in order; null for those present in either input, increasing.</param>
    /// <param name="names">A display name per label (same length as the labels).</param>
    /// <param name="zeroDivision">The value of a ratio with a zero denominator.</param>
    public static ClassificationReport Compute(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int[]? labels = null,
        IReadOnlyList<string>? names = null, ZeroDivision zeroDivision = ZeroDivision.Zero)
    {
        var present = PrecisionRecallF1.PerClass(truth, predicted).Labels;
        var microIsAccuracy = labels is null || labels.ToHashSet().SetEquals(present);
        var perClass = PrecisionRecallF1.PerClass(truth, predicted, labels, zeroDivision);
        labels = [.. perClass.Labels];
        if (names is not null && names.Count != labels.Length)
            throw new ArgumentException($"ClassificationReport: {labels.Length} labels but {names.Count} names");
        return new ClassificationReport(
            [.. names ?? labels.Select(l => l.ToString(CultureInfo.InvariantCulture))], perClass,
            global::Functional.Accuracy.OfPredictions(truth, predicted),
            PrecisionRecallF1.Average(truth, predicted, MetricAverage.Micro, zeroDivision, labels),
            PrecisionRecallF1.Average(truth, predicted, MetricAverage.Macro, zeroDivision, labels),
            PrecisionRecallF1.Average(truth, predicted, MetricAverage.Weighted, zeroDivision, labels),
            microIsAccuracy);
    }

    /// <summary>The report of whole-valued tensors of labels, both (N).</summary>
    public static ClassificationReport Compute<T>(Tensor<T> truth, Tensor<T> predicted, IReadOnlyList<string>? names = null,
        ZeroDivision zeroDivision = ZeroDivision.Zero) where T : unmanaged, IFloatingPointIeee754<T>
        => Compute(MetricInputs.Labels(truth, nameof(ClassificationReport)), MetricInputs.Labels(predicted, nameof(ClassificationReport)),
            null, names, zeroDivision);

    /// <summary>
    /// The text table of scikit-learn's <c>classification_report</c>: one row per label, then "accuracy"
    /// (or "micro avg" when the labels scored differ from those present), "macro avg" and "weighted avg".
    /// </summary>
    /// <param name="digits">Decimal places of the scores.</param>
    /// <param name="includeMicro">Also print a "micro avg" row when scikit-learn would print only "accuracy".</param>
    public string Render(int digits = 4, bool includeMicro = false)
    {
        var width = Math.Max(Math.Max(Names.Max(n => n.Length), "weighted avg".Length), digits);
        var sb = new StringBuilder();
        sb.Append(new string(' ', width)).Append(' ');
        foreach (var h in new[] { "precision", "recall", "f1-score", "support" }) sb.Append(' ').Append(h.PadLeft(9));
        sb.Append("\n\n");
        for (var i = 0; i < Names.Length; i++)
            Row(sb, Names[i], new(Classes.Precision[i], Classes.Recall[i], Classes.F1[i]), Classes.Support[i], width, digits);
        sb.Append('\n');
        if (MicroIsAccuracy)
        {
            sb.Append("accuracy".PadLeft(width)).Append(' ').Append(' ', 20)
              .Append(' ').Append(Num(Micro.F1, digits).PadLeft(9)).Append(' ').Append(Support.ToString(CultureInfo.InvariantCulture).PadLeft(9)).Append('\n');
        }
        if (!MicroIsAccuracy || includeMicro) Row(sb, "micro avg", Micro, Support, width, digits);
        Row(sb, "macro avg", Macro, Support, width, digits);
        Row(sb, "weighted avg", Weighted, Support, width, digits);
        return sb.ToString();
    }

    /// <summary>The text table with 4 digits (see <see cref="Render"/>).</summary>
    public override string ToString() => Render();

    /// <summary>Structural equality: the same names, scores and averages.</summary>
    public bool Equals(ClassificationReport? other)
        => other is not null && Structural.Equal(Names, other.Names) && Classes.Equals(other.Classes) && Accuracy.Equals(other.Accuracy)
           && Micro.Equals(other.Micro) && Macro.Equals(other.Macro) && Weighted.Equals(other.Weighted) && MicroIsAccuracy == other.MicroIsAccuracy;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Structural.Hash(Names), Classes, Accuracy, Micro, Macro, Weighted, MicroIsAccuracy);

    private static void Row(StringBuilder sb, string name, AverageScores s, long support, int width, int digits)
    {
        sb.Append(name.PadLeft(width)).Append(' ');
        foreach (var v in new[] { s.Precision, s.Recall, s.F1 }) sb.Append(' ').Append(Num(v, digits).PadLeft(9));
        sb.Append(' ').Append(support.ToString(CultureInfo.InvariantCulture).PadLeft(9)).Append('\n');
    }

    private static string Num(double v, int digits)
        => double.IsNaN(v) ? "nan" : v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
