using System.Collections.Immutable;

namespace Functional;

public static partial class Datasets
{
    /// <summary>
    /// The 14 columns of <c>boston_house_prices.csv</c>: 13 features, then the target MEDV (median value of
    /// owner-occupied homes in $1000s). CRIM per-capita crime rate, ZN residential land zoned for large lots,
    /// INDUS non-retail business acres, CHAS Charles River dummy, NOX nitric-oxide concentration, RM rooms per
    /// dwelling, AGE share built before 1940, DIS distance to employment centres, RAD highway access, TAX
    /// property tax rate, PTRATIO pupil-teacher ratio, B the 1970 census race statistic, LSTAT % lower status.
    /// </summary>
    public static ImmutableArray<string> BostonColumns { get; } =
        ["CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT", "MEDV"];

    /// <summary>The 30 breast-cancer feature names, as scikit-learn's <c>load_breast_cancer().feature_names</c>.</summary>
    public static ImmutableArray<string> BreastCancerFeatureNames { get; } =
    [
        "mean radius", "mean texture", "mean perimeter", "mean area", "mean smoothness",
        "mean compactness", "mean concavity", "mean concave points", "mean symmetry", "mean fractal dimension",
        "radius error", "texture error", "perimeter error", "area error", "smoothness error",
        "compactness error", "concavity error", "concave points error", "symmetry error", "fractal dimension error",
        "worst radius", "worst texture", "worst perimeter", "worst area", "worst smoothness",
        "worst compactness", "worst concavity", "worst concave points", "worst symmetry", "worst fractal dimension",
    ];

    /// <summary>The 4 iris feature names, as scikit-learn's.</summary>
    public static ImmutableArray<string> IrisFeatureNames { get; } =
        ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"];

    /// <summary>The 13 wine feature names, as scikit-learn's.</summary>
    public static ImmutableArray<string> WineFeatureNames { get; } =
    [
        "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
        "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline",
    ];

    /// <summary>The 10 diabetes feature names, as scikit-learn's (s1..s6 are six blood serum measurements).</summary>
    public static ImmutableArray<string> DiabetesFeatureNames { get; } =
        ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];

    /// <summary>The 64 digits feature names, <c>pixel_ROW_COL</c> as scikit-learn's.</summary>
    public static ImmutableArray<string> DigitsFeatureNames { get; } =
        [.. Enumerable.Range(0, 64).Select(i => $"pixel_{i / 8}_{i % 8}")];
}
