using System.Buffers.Binary;
using System.Text.Json;

namespace Functional.Tests.Layers.Normalization;

/// <summary>
/// A minimal reader for the F64 safetensors files of the golden batch-norm cases in tests/data/golden
/// (a private stand-in until the library's reader lands).
/// </summary>
internal static class GoldenBatchNorm
{
    /// <summary>tests/data/golden under the repository root (the folder holding Functional.sln).</summary>
    public static string Dir
    {
        get
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d is not null && !File.Exists(Path.Combine(d.FullName, "Functional.sln"))) d = d.Parent;
            if (d is null) throw new DirectoryNotFoundException($"no Functional.sln above {AppContext.BaseDirectory}");
            return Path.Combine(d.FullName, "tests", "data", "golden");
        }
    }

    /// <summary>Every tensor of the file, by name.</summary>
    public static Dictionary<string, Tensor<double>> Read(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Dir, file));
        var headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var result = new Dictionary<string, Tensor<double>>();
        foreach (var entry in header.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__") continue;
            if (entry.Value.GetProperty("dtype").GetString() != "F64") throw new InvalidDataException($"{file}: '{entry.Name}' is not F64");
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var values = new double[(offsets[1] - offsets[0]) / 8];
            for (var i = 0; i < values.Length; i++)
                values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(8 + headerLength + offsets[0] + 8 * i));
            result[entry.Name] = new Tensor<double>(new Shape(shape), values);
        }
        return result;
    }

    /// <summary>The manifest entry of case <paramref name="name"/>.</summary>
    public static JsonElement Case(string name)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "manifest.json")));
        return manifest.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).Clone();
    }
}
