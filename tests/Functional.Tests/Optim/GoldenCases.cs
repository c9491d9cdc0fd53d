using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Functional;

namespace Functional.Tests.Optimization;

/// <summary>A reference case: its manifest entry and its tensors.</summary>
public sealed record GoldenCase(string Name, string Kind, JsonElement Spec, double Rtol, double Atol, IReadOnlyDictionary<string, Tensor<double>> Tensors)
{
    public override string ToString() => Name;
}

/// <summary>
/// A minimal private reader for the reference cases (safetensors: 8-byte LE header length, JSON header, F64 data),
/// reading from the repository's tests/data folders, found by walking up to Functional.sln.
/// </summary>
public static partial class GoldenCases
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Functional.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("Functional.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Python's json writes non-finite floats as bare Infinity/NaN; quote them so System.Text.Json accepts them.</summary>
    [GeneratedRegex(@"(?<=[:\[,]\s*)(-?Infinity|NaN)(?=\s*[,\]}])")]
    private static partial Regex NonFinite();

    public static IEnumerable<GoldenCase> Load(string folder, string kind)
    {
        var dir = Path.Combine(Root, "tests", "data", folder);
        using var manifest = JsonDocument.Parse(NonFinite().Replace(File.ReadAllText(Path.Combine(dir, "manifest.json")), "\"$1\""));
        foreach (var c in manifest.RootElement.GetProperty("cases").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == kind).ToList())
            yield return new GoldenCase(c.GetProperty("name").GetString()!, kind, c.GetProperty("spec").Clone(),
                c.GetProperty("rtol").GetDouble(), c.GetProperty("atol").GetDouble(), Read(Path.Combine(dir, c.GetProperty("file").GetString()!)));
    }

    public static Dictionary<string, Tensor<double>> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, n));
        var result = new Dictionary<string, Tensor<double>>();
        foreach (var t in header.RootElement.EnumerateObject().Where(t => t.Name != "__metadata__"))
        {
            if (t.Value.GetProperty("dtype").GetString() != "F64") throw new InvalidDataException($"{path}: tensor '{t.Name}' is not F64");
            var shape = t.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var off = t.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var data = new double[(off[1] - off[0]) / 8];
            for (var i = 0; i < data.Length; i++) data[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(8 + n + off[0] + 8 * i));
            result[t.Name] = Tensor.FromArray(data, shape);
        }
        return result;
    }

    /// <summary>Asserts every expected tensor is matched: |a - e| ≤ atol + rtol·|e| elementwise, shapes equal.</summary>
    public static void AssertMatches(GoldenCase c, IReadOnlyDictionary<string, Tensor<double>> actual, double? rtol = null, double? atol = null)
    {
        double rt = rtol ?? c.Rtol, at = atol ?? c.Atol;
        var expected = c.Tensors.Where(kv => kv.Key.StartsWith("expected", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(expected);
        foreach (var (name, e) in expected)
        {
            Assert.True(actual.TryGetValue(name, out var a), $"{c.Name}: '{name}' not computed");
            Assert.Equal(e.Shape, a!.Shape);
            var (es, as_) = (e.ToArray(), a.ToArray());
            for (var i = 0; i < es.Length; i++)
                Assert.True(Math.Abs(as_[i] - es[i]) <= at + rt * Math.Abs(es[i]), $"{c.Name}: {name}[{i}] = {as_[i]:R}, expected {es[i]:R} (rtol {rt}, atol {at})");
        }
    }

    public static TheoryData<string, string> Names(string kind)
    {
        var d = new TheoryData<string, string>();
        foreach (var folder in new[] { "golden", "optim" })
            foreach (var c in Load(folder, kind)) d.Add(folder, c.Name);
        return d;
    }

    public static GoldenCase Get(string folder, string kind, string name) => Load(folder, kind).Single(c => c.Name == name);
}
