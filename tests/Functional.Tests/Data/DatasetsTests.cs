using Functional;
using LanguageExt;

namespace Functional.Tests.Data;

public sealed class DatasetsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("functional-data-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static void Shaped(TabularData d, int n, int p, int classes)
    {
        Assert.Equal(new Shape(n, p), d.Features.Shape);
        Assert.Equal(new Shape(n, 1), d.Targets.Shape);
        Assert.Equal(p, d.FeatureNames.Length);
        Assert.Equal(classes, d.ClassNames.Length);
        if (classes > 0) Assert.All(d.Targets.ToArray(), y => Assert.True(y >= 0 && y < classes && y == Math.Floor(y)));
    }

    [Fact]
    public void The_default_directory_is_data_beside_the_solution()
    {
        var d = Datasets.DefaultDirectory().ThrowIfFail();
        Assert.True(File.Exists(Path.Combine(d, "..", "Functional.sln")));
        Assert.True(File.Exists(Path.Combine(d, "README.md")));
    }

    [Fact]
    public void Boston_is_506_by_13_with_its_column_names()
    {
        var d = Datasets.BostonHousing().ThrowIfFail();
        Shaped(d, 506, 13, 0);
        Assert.Equal(Datasets.BostonColumns.Take(13), d.FeatureNames);
        Assert.Equal("MEDV", d.TargetName);
        Assert.Equal(0.00632, d.Features[0, 0]);
        Assert.Equal(24.0, d.Targets[0, 0]);
        Assert.Equal(11.9, d.Targets[-1, 0]);
    }

    [Fact]
    public void Breast_cancer_is_569_by_30_with_scikit_learns_names()
    {
        var d = Datasets.BreastCancer().ThrowIfFail();
        Shaped(d, 569, 30, 2);
        Assert.Equal(new[] { "malignant", "benign" }, d.ClassNames);
        Assert.Equal("mean radius", d.FeatureNames[0]);
        Assert.Equal("worst fractal dimension", d.FeatureNames[29]);
        Assert.Equal(357, d.Targets.ToArray().Count(y => y == 1));   // sklearn: 212 malignant, 357 benign
    }

    [Fact]
    public void The_other_sets_have_their_documented_shapes()
    {
        Shaped(Datasets.Iris().ThrowIfFail(), 150, 4, 3);
        Shaped(Datasets.Wine().ThrowIfFail(), 178, 13, 3);
        Shaped(Datasets.Digits().ThrowIfFail(), 1797, 64, 10);
        Shaped(Datasets.Diabetes().ThrowIfFail(), 442, 10, 0);
        Assert.Equal(151.0, Datasets.Diabetes().ThrowIfFail().Targets[0, 0]);
        Assert.Equal(16.0, Datasets.Digits().ThrowIfFail().Features.ToArray().Max());
    }

    [Fact]
    public void SelectFeatures_keeps_the_named_columns_in_order()
    {
        var b = Datasets.BostonHousing().ThrowIfFail().SelectFeatures("INDUS", "RM", "LSTAT", "NOX", "DIS");
        Assert.Equal(new Shape(506, 5), b.Features.Shape);
        Assert.Equal(new[] { 2.31, 6.575, 4.98, 0.538, 4.09 }, Enumerable.Range(0, 5).Select(j => b.Features[0, j]));
        var e = Assert.Throws<ArgumentException>(() => b.SelectFeatures("PRICE"));
        Assert.Contains("PRICE", e.Message);
    }

    [Fact]
    public void A_directory_can_be_given_and_a_missing_file_is_named()
    {
        var e = Datasets.Iris(dir).Match(_ => "", err => err.Message);
        Assert.Contains(Path.Combine(dir, "iris.csv"), e);
    }

    [Fact]
    public void A_row_count_that_disagrees_with_line_1_is_an_error_naming_the_file()
    {
        File.WriteAllText(Path.Combine(dir, "iris.csv"), "3,2,a,b\n1,2,0\n3,4,1\n");
        var e = Datasets.Iris(dir).Match(_ => "", err => err.Message);
        Assert.Contains("iris.csv: line 1 announces 3 rows, the file has 2", e);
    }

    [Fact]
    public void ToDataset_converts_to_the_training_precision()
    {
        var d = Datasets.Iris().ThrowIfFail().ToDataset<float>();
        Assert.Equal(150, d.Count);
        Assert.Equal(5.1f, d.Features[0, 0]);
    }
}
