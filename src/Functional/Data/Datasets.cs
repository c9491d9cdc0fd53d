using LanguageExt;
using LanguageExt.Common;

namespace Functional;

/// <summary>
/// Typed loaders for the small data sets of the repository's <c>data/</c> folder (scikit-learn's copies of the classic
/// UCI/StatLib sets; see <c>data/README.md</c>), which are embedded in the library: with no directory they load from
/// the assembly itself, so they work from the NuGet package anywhere. A directory, when given, is read instead.
/// Each returns a <see cref="Fin{A}"/>: a <see cref="TabularData"/>, or an error naming the file and what is wrong with it.
/// </summary>
/// <example><code>
/// var boston = Datasets.BostonHousing().ThrowIfFail();          // 506 × 13 → MEDV
/// var data = boston.SelectFeatures("INDUS", "RM", "LSTAT", "NOX", "DIS").ToDataset&lt;float&gt;();
/// </code></example>
public static partial class Datasets
{
    /// <summary>The file names of the bundled data sets, as in <c>data/</c>; each is embedded as <c>Functional.Data.NAME</c>.</summary>
    internal static IReadOnlyList<string> BundledFiles { get; } =
    [
        "boston_house_prices.csv", "breast_cancer.csv", "iris.csv", "wine_data.csv", "digits.csv.gz",
        "diabetes_data_raw.csv.gz", "diabetes_target.csv.gz",
    ];

    const string ResourcePrefix = "Functional.Data.";

    /// <summary>Boston house prices: 506 × 13 features (<see cref="BostonColumns"/>), target MEDV (regression). Book chapters 7 and 9.</summary>
    /// <param name="directory">A directory holding the file; null for the copy embedded in the library.</param>
    public static Fin<TabularData> BostonHousing(string? directory = null)
        => Sklearn(directory, "boston_house_prices.csv", "boston_house_prices", 2, null, "MEDV", classes: false)
            .Bind(d => d.FeatureNames.SequenceEqual(BostonColumns.Take(13))
                ? Fin<TabularData>.Succ(d)
                : Error.New($"boston_house_prices.csv: the column names are {string.Join(",", d.FeatureNames)}, expected {string.Join(",", BostonColumns)}"));

    /// <summary>Breast cancer (Wisconsin diagnostic): 569 × 30 (<see cref="BreastCancerFeatureNames"/>), target 0 = malignant, 1 = benign. Book chapters 8 and 13.</summary>
    /// <param name="directory">A directory holding the file; null for the copy embedded in the library.</param>
    public static Fin<TabularData> BreastCancer(string? directory = null)
        => Sklearn(directory, "breast_cancer.csv", "breast_cancer", 1, BreastCancerFeatureNames, "target", classes: true);

    /// <summary>Iris: 150 × 4 (<see cref="IrisFeatureNames"/>), target 0 setosa, 1 versicolor, 2 virginica.</summary>
    /// <param name="directory">A directory holding the file; null for the copy embedded in the library.</param>
    public static Fin<TabularData> Iris(string? directory = null)
        => Sklearn(directory, "iris.csv", "iris", 1, IrisFeatureNames, "target", classes: true);

    /// <summary>Wine: 178 × 13 (<see cref="WineFeatureNames"/>), target class_0, class_1, class_2.</summary>
    /// <param name="directory">A directory holding the file; null for the copy embedded in the library.</param>
    public static Fin<TabularData> Wine(string? directory = null)
        => Sklearn(directory, "wine_data.csv", "wine", 1, WineFeatureNames, "target", classes: true);

    /// <summary>Digits: 1797 × 64 pixels of 8×8 images (values 0–16, row-major), target the digit 0–9. The file has no header line.</summary>
    /// <param name="directory">A directory holding the file; null for the copy embedded in the library.</param>
    public static Fin<TabularData> Digits(string? directory = null)
        => Read(directory, "digits.csv.gz", columns: 65)
            .Map(t => new TabularData("digits", t.ColumnRange<double>(0, 64), t.ColumnRange<double>(64, 1),
                DigitsFeatureNames, "target", Enumerable.Range(0, 10).Select(i => i.ToString()).ToArray()));

    /// <summary>
    /// Diabetes: 442 × 10 (<see cref="DiabetesFeatureNames"/>), target a measure of disease progression one year
    /// later (regression). These are the RAW values (age in years, sex 1/2, ...), not scikit-learn's default
    /// <c>load_diabetes()</c> output, which is mean-centred and scaled: standardize them yourself.
    /// </summary>
    /// <param name="directory">A directory holding the file; null for the copy embedded in the library.</param>
    public static Fin<TabularData> Diabetes(string? directory = null)
        => from x in Read(directory, "diabetes_data_raw.csv.gz", separator: null, columns: 10)
           from y in Read(directory, "diabetes_target.csv.gz", separator: null, columns: 1)
           from _ in x.Rows == y.Rows ? Fin<Unit>.Succ(default) : Error.New($"{y.Path}: {y.Rows} targets for {x.Rows} rows of {x.Path}")
           select new TabularData("diabetes", x.ToTensor<double>(), y.ToTensor<double>(), DiabetesFeatureNames, "progression", []);

    /// <summary>One bundled file: from <paramref name="directory"/> when given, else from the embedded copy.</summary>
    private static Fin<CsvTable> Read(string? directory, string file, int headerLines = 0, char? separator = ',', int? columns = null)
        => directory is null
            ? Csv.LoadResource(typeof(Datasets).Assembly, ResourcePrefix + file, headerLines, separator, columns)
            : Csv.Load(Path.Combine(directory, file), headerLines, separator, columns);

    /// <summary>
    /// A scikit-learn CSV: the first line is <c>n,p[,class names...]</c>, an optional second header line names
    /// the columns, then n rows of p features and the target. The counts are checked against the rows read.
    /// </summary>
    private static Fin<TabularData> Sklearn(string? directory, string file, string name, int headerLines,
        IReadOnlyList<string>? featureNames, string targetName, bool classes)
        => Read(directory, file, headerLines).Bind(t =>
        {
            var first = t.Header[0];
            if (first.Length < 2 || !int.TryParse(first[0], out var n) || !int.TryParse(first[1], out var p))
                return Error.New($"{t.Path}: line 1 should start with the row and feature counts, got '{string.Join(",", first)}'");
            if (n != t.Rows) return Error.New($"{t.Path}: line 1 announces {n} rows, the file has {t.Rows}");
            if (p + 1 != t.Columns) return Error.New($"{t.Path}: line 1 announces {p} features (so {p + 1} columns), the rows have {t.Columns}");
            var names = featureNames ?? t.Header[^1].Take(p).ToArray();
            if (names.Count != p) return Error.New($"{t.Path}: {p} features but {names.Count} feature names");
            var classNames = classes ? first.Skip(2).Where(c => c.Length > 0).ToArray() : [];
            return Fin<TabularData>.Succ(new TabularData(name, t.ColumnRange<double>(0, p), t.ColumnRange<double>(p, 1), names, targetName, classNames));
        });
}
