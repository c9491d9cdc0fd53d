using System.Collections.Immutable;
using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using LanguageExt;
using LanguageExt.Common;

namespace Functional;

/// <summary>
/// A numeric table read by <see cref="Csv.Load"/>: <see cref="Rows"/> × <see cref="Columns"/> doubles in
/// row-major order, plus the header lines that were skipped, split into cells.
/// </summary>
/// <param name="Path">The file it was read from.</param>
/// <param name="Header">The skipped header lines, each split into trimmed, unquoted cells.</param>
/// <param name="Rows">The number of data rows.</param>
/// <param name="Columns">The number of columns of every data row.</param>
/// <param name="Values">The cells, row-major (length Rows·Columns).</param>
public sealed record CsvTable(string Path, ImmutableArray<ImmutableArray<string>> Header, int Rows, int Columns, ImmutableArray<double> Values)
{
    /// <summary>The cell at (<paramref name="row"/>, <paramref name="column"/>), both 0-based.</summary>
    public double this[int row, int column] => Values[row * Columns + column];

    /// <summary>The whole table as a (Rows, Columns) tensor.</summary>
    public Tensor<T> ToTensor<T>() where T : unmanaged, IFloatingPointIeee754<T> => ColumnRange<T>(0, Columns);

    /// <summary>Columns <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> - 1 as a (Rows, count) tensor.</summary>
    public Tensor<T> ColumnRange<T>(int start, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (start < 0 || count < 0 || start + count > Columns)
            throw new ArgumentOutOfRangeException(nameof(start), $"{Path}: columns {start}..{start + count - 1} are outside a table of {Columns} columns");
        var r = Buffers.Uninitialized<T>(Rows * count);
        for (var i = 0; i < Rows; i++)
            for (var j = 0; j < count; j++) r[i * count + j] = T.CreateTruncating(Values[i * Columns + start + j]);
        return new Tensor<T>(new Shape(Rows, count), r);
    }

    /// <summary>Structural equality: the same path, header cells, shape and values.</summary>
    public bool Equals(CsvTable? other)
        => other is not null && Path == other.Path && Rows == other.Rows && Columns == other.Columns
           && Header.Length == other.Header.Length && Header.Zip(other.Header, Structural.Equal).All(eq => eq)
           && Structural.Equal(Values, other.Values);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Path, Rows, Columns, Structural.Hash(Values));
}

/// <summary>
/// Loading of numeric CSV files (<c>.csv</c>, or gzip-compressed <c>.csv.gz</c>). Failures are values, not
/// exceptions: a <see cref="Fin{A}"/> whose error names the file and, for a bad cell or row, its line and column
/// (both 1-based, lines counted from the top of the file, header lines included).
/// </summary>
/// <example><code>
/// Fin&lt;CsvTable&gt; table = Csv.Load("data/iris.csv", headerLines: 1);
/// var x = table.Map(t =&gt; t.ColumnRange&lt;float&gt;(0, 4)).ThrowIfFail();
/// </code></example>
public static class Csv
{
    /// <summary>
    /// Reads a table of numbers. Blank lines are skipped; every other line after the header must have the same
    /// number of cells (<paramref name="columns"/>, or that of the first data line).
    /// </summary>
    /// <param name="path">The file; a name ending in <c>.gz</c> is decompressed.</param>
    /// <param name="headerLines">How many lines at the top to keep as text in <see cref="CsvTable.Header"/> instead of parsing.</param>
    /// <param name="separator">The cell separator; <c>null</c> splits on runs of whitespace (as numpy's <c>loadtxt</c> does).</param>
    /// <param name="columns">The expected number of columns, or null to take it from the first data line.</param>
    public static Fin<CsvTable> Load(string path, int headerLines = 0, char? separator = ',', int? columns = null)
    {
        if (!File.Exists(path)) return Error.New($"{path}: file not found");
        string[] lines;
        try
        {
            using var file = File.OpenRead(path);
            lines = ReadLines(file, path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return Error.New($"{path}: cannot be read: {e.Message}");
        }
        return Parse(path, lines, headerLines, separator, columns);
    }

    /// <summary>
    /// Reads a table from a resource embedded in <paramref name="assembly"/> (as the bundled data sets are);
    /// <paramref name="name"/> is the resource name, and a name ending in <c>.gz</c> is decompressed.
    /// </summary>
    internal static Fin<CsvTable> LoadResource(System.Reflection.Assembly assembly, string name, int headerLines = 0, char? separator = ',', int? columns = null)
    {
        var shown = $"{assembly.GetName().Name}:{name}";
        string[] lines;
        try
        {
            using var stream = assembly.GetManifestResourceStream(name);
            if (stream is null) return Error.New($"{shown}: no such embedded resource");
            lines = ReadLines(stream, name);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return Error.New($"{shown}: cannot be read: {e.Message}");
        }
        return Parse(shown, lines, headerLines, separator, columns);
    }

    static Fin<CsvTable> Parse(string path, string[] lines, int headerLines, char? separator, int? columns)
    {
        if (lines.Length < headerLines) return Error.New($"{path}: expected {headerLines} header line(s), the file has {lines.Length} line(s)");

        var header = lines.Take(headerLines).Select(l => Split(l, separator).Select(Unquote).ToImmutableArray()).ToImmutableArray();
        var values = new List<double>();
        var width = columns ?? -1;
        var rows = 0;
        for (var i = headerLines; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var cells = Split(lines[i], separator);
            if (width < 0) width = cells.Length;
            if (cells.Length != width)
                return Error.New($"{path}: line {i + 1} has {cells.Length} columns, expected {width}");
            for (var j = 0; j < cells.Length; j++)
            {
                if (!double.TryParse(cells[j], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    return Error.New($"{path}: line {i + 1}, column {j + 1}: '{cells[j].Trim()}' is not a number");
                values.Add(v);
            }
            rows++;
        }
        if (rows == 0) return Error.New($"{path}: no data rows after {headerLines} header line(s)");
        return new CsvTable(path, header, rows, width, [.. values]);
    }

    private static string[] ReadLines(Stream file, string name)
    {
        using Stream stream = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines.ToArray();
    }

    private static string[] Split(string line, char? separator)
        => separator is { } c ? line.Split(c) : line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static string Unquote(string cell)
    {
        var t = cell.Trim();
        return t.Length >= 2 && t[0] == '"' && t[^1] == '"' ? t[1..^1] : t;
    }
}
