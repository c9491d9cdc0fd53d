using System.Buffers.Binary;
using System.Text.Json;
using Functional;

namespace Functional.Tests.Metrics;

/// <summary>A minimal F64-only safetensors reader for the metric reference cases in tests/data/golden.</summary>
internal static class GoldenMetricCases
{
    public static string Dir
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "Functional.sln"))) return Path.Combine(d.FullName, "tests", "data", "golden");
            throw new DirectoryNotFoundException("no Functional.sln above " + AppContext.BaseDirectory);
        }
    }

    public static IEnumerable<JsonElement> Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "manifest.json")));
        return [.. doc.RootElement.GetProperty("cases").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "metric").Select(c => c.Clone())];
    }

    public static Dictionary<string, Tensor<double>> Read(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Dir, file));
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, n));
        var result = new Dictionary<string, Tensor<double>>();
        foreach (var t in header.RootElement.EnumerateObject())
        {
            if (t.Name == "__metadata__") continue;
            Assert.Equal("F64", t.Value.GetProperty("dtype").GetString());
            var shape = t.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var off = t.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var data = new double[(off[1] - off[0]) / 8];
            for (var i = 0; i < data.Length; i++)
                data[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(8 + n + off[0] + 8 * i));
            result[t.Name] = Tensor.FromArray(data, shape.Length == 0 ? [1] : shape);
        }
        return result;
    }
}
