using System.IO.Compression;
using Functional;
using LanguageExt;

namespace Functional.Tests.Data;

public sealed class CsvTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("functional-csv-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        if (name.EndsWith(".gz"))
        {
            using var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest);
            using var w = new StreamWriter(gz);
            w.Write(text);
        }
        else File.WriteAllText(path, text);
        return path;
    }

    private static string ErrorOf(Fin<CsvTable> r) => r.Match(t => throw new Xunit.Sdk.XunitException($"expected a failure, got {t.Rows} rows"), e => e.Message);

    [Fact]
    public void Reads_numbers_and_keeps_header_lines_as_cells()
    {
        var t = Csv.Load(Write("a.csv", "2,2,x,y\n\"A\",\"B\",\"T\"\n1,2.5,0\n-3,4e-2,1\n\n"), headerLines: 2).ThrowIfFail();
        Assert.Equal((2, 3), (t.Rows, t.Columns));
        Assert.Equal(new[] { "A", "B", "T" }, t.Header[1]);
        Assert.Equal(new[] { 1, 2.5, 0, -3, 0.04, 1 }, t.Values);
        Assert.Equal(new[] { 2.5, 0.04 }, t.ColumnRange<double>(1, 1).ToArray());
        Assert.Equal(new Shape(2, 3), t.ToTensor<float>().Shape);
    }

    [Fact]
    public void Reads_gzip_and_whitespace_separated_files()
    {
        var t = Csv.Load(Write("b.csv.gz", "1  2 3\n4 5\t6\n"), separator: null).ThrowIfFail();
        Assert.Equal(new[] { 1.0, 2, 3, 4, 5, 6 }, t.Values);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var path = Path.Combine(dir, "nope.csv");
        var e = ErrorOf(Csv.Load(path));
        Assert.Contains(path, e);
        Assert.Contains("not found", e);
    }

    [Fact]
    public void A_row_of_the_wrong_width_names_file_and_line()
    {
        var path = Write("w.csv", "h\n1,2,3\n4,5,6\n7,8\n");
        var e = ErrorOf(Csv.Load(path, headerLines: 1));
        Assert.Equal($"{path}: line 4 has 2 columns, expected 3", e);
    }

    [Fact]
    public void A_non_numeric_cell_names_file_line_and_column()
    {
        var path = Write("n.csv", "1,2,3\n4,five,6\n");
        var e = ErrorOf(Csv.Load(path));
        Assert.Equal($"{path}: line 2, column 2: 'five' is not a number", e);
    }

    [Fact]
    public void The_expected_width_can_be_given()
    {
        var path = Write("c.csv.gz", "1,2\n");
        Assert.Contains("line 1 has 2 columns, expected 3", ErrorOf(Csv.Load(path, columns: 3)));
    }

    [Fact]
    public void A_file_with_no_data_rows_is_an_error()
    {
        var path = Write("e.csv", "2,2\n");
        Assert.Contains("no data rows", ErrorOf(Csv.Load(path, headerLines: 1)));
    }
}
