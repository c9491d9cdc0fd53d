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

    /// <summary>The repository's data/ folder, found from the test's working directory.</summary>
    static string RepoData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Functional.sln"))) return Path.Combine(dir.FullName, "data");
        throw new InvalidOperationException("Functional.sln not found above the test assembly");
    }

    [Fact]
    public void Every_bundled_file_is_embedded_byte_for_byte()
    {
        var assembly = typeof(Datasets).Assembly;
        foreach (var file in Datasets.BundledFiles)
        {
            using var stream = assembly.GetManifestResourceStream("Functional.Data." + file);
            Assert.NotNull(stream);
            using var copy = new MemoryStream();
            stream!.CopyTo(copy);
            Assert.Equal(File.ReadAllBytes(Path.Combine(RepoData(), file)), copy.ToArray());
        }
        var onDisk = Directory.GetFiles(RepoData()).Select(Path.GetFileName).Where(f => f!.EndsWith(".csv") || f.EndsWith(".csv.gz"));
        Assert.Equal(onDisk.Order(), Datasets.BundledFiles.Order());
    }

    [Fact]
    public void The_embedded_copies_load_as_the_files_do()
    {
        var data = RepoData();
        foreach (var (embedded, file) in new (Func<string?, LanguageExt.Fin<TabularData>> Load, string)[]
                 {
                     (Datasets.BostonHousing, "boston"), (Datasets.BreastCancer, "cancer"), (Datasets.Iris, "iris"),
                     (Datasets.Wine, "wine"), (Datasets.Digits, "digits"), (Datasets.Diabetes, "diabetes"),
                 }.Select(l => (l.Load(null).ThrowIfFail(), l.Load(data).ThrowIfFail())))
        {
            Assert.Equal(file.Name, embedded.Name);
            Assert.Equal(file.Features.ToArray(), embedded.Features.ToArray());
            Assert.Equal(file.Targets.ToArray(), embedded.Targets.ToArray());
            Assert.Equal<string>(file.FeatureNames, embedded.FeatureNames);
            Assert.Equal<string>(file.ClassNames, embedded.ClassNames);
        }
    }

    [Fact]
    public void An_explicit_directory_overrides_the_embedded_copy()
    {
        File.WriteAllText(Path.Combine(dir, "iris.csv"), "2,4,setosa,versicolor\n5.1,3.5,1.4,0.2,0\n7.0,3.2,4.7,1.4,1\n");
        var d = Datasets.Iris(dir).ThrowIfFail();
        Assert.Equal(2, d.Features.Shape[0]);
        Assert.Equal(7.0, d.Features[1, 0]);
        var missing = Datasets.Wine(dir);
        Assert.True(missing.IsFail);
        Assert.Contains(Path.Combine(dir, "wine_data.csv"), missing.Match(_ => "", e => e.Message));
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

    [Fact]
    public void ToClassDataset_gives_class_index_targets_of_shape_n()
    {
        var d = Datasets.Iris().ThrowIfFail().ToClassDataset<float>();
        Assert.Equal(new Shape(150), d.Targets.Shape);
        Assert.Equal(Datasets.Iris().ThrowIfFail().Targets[149, 0], (double)d.Targets[149]);
        var e = Assert.Throws<InvalidOperationException>(() => Datasets.BostonHousing().ThrowIfFail().ToClassDataset<float>());
        Assert.Contains("boston_house_prices is a regression set", e.Message);
    }
}
