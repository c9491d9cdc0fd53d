using System.Collections.Immutable;
using System.Text.Json;

namespace Functional.Conformance;

/// <summary>One reference case of a manifest (see the golden cases' FORMAT.md).</summary>
/// <param name="Name">The case's name, e.g. <c>linear_nobias</c>.</param>
/// <param name="Kind">What is tested: <c>module</c>, <c>loss</c>, <c>optimizer</c>, <c>schedule</c>, <c>clip</c>, <c>metric</c>.</param>
/// <param name="Spec">The PyTorch constructor spec (with <c>mode</c>, <c>steps</c> and the like where the kind has them).</param>
/// <param name="File">The safetensors file name, relative to the manifest's directory.</param>
/// <param name="Rtol">Relative tolerance.</param>
/// <param name="Atol">Absolute tolerance.</param>
/// <param name="Note">An optional remark from the generator.</param>
public sealed record ConformanceCase(string Name, string Kind, JsonElement Spec, string File, double Rtol, double Atol, string? Note = null)
{
    /// <summary>True when <paramref name="actual"/> matches <paramref name="expected"/>: <c>|a - e| &lt;= atol + rtol·|e|</c> (equal infinities match; NaN never does).</summary>
    public bool Close(double actual, double expected)
        => Math.Abs(actual - expected) <= Atol + Rtol * Math.Abs(expected) || actual == expected;
}

/// <summary>A manifest: <c>{"format": 1, "set", "source", "cases": [...]}</c>.</summary>
/// <param name="Directory">The directory holding the manifest and the case files.</param>
/// <param name="Set">The name of the case set (e.g. <c>public</c>).</param>
/// <param name="Source">What generated the cases.</param>
/// <param name="Cases">The cases, in manifest order.</param>
public sealed record Manifest(string Directory, string Set, string Source, ImmutableArray<ConformanceCase> Cases)
{
    /// <summary>A manifest of a copy of <paramref name="cases"/>.</summary>
    public Manifest(string directory, string set, string source, IEnumerable<ConformanceCase> cases)
        : this(directory, set, source, cases.ToImmutableArray()) { }

    /// <summary>Reads <c>DIR/manifest.json</c>.</summary>
    /// <exception cref="ConformanceException">The directory or manifest is missing or malformed; the message names it.</exception>
    public static Manifest Read(string directory)
    {
        var path = Path.Combine(directory, "manifest.json");
        if (!System.IO.Directory.Exists(directory)) throw new ConformanceException($"{directory}: no such directory");
        if (!System.IO.File.Exists(path)) throw new ConformanceException($"{path}: no manifest.json in {directory}");
        try
        {
            using var doc = JsonDocument.Parse(PythonJson.Normalize(System.IO.File.ReadAllText(path)));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new ConformanceException($"{path}: not a JSON object");
            if (root.TryGetProperty("format", out var f) && (!f.TryGetInt32(out var fv) || fv != 1))
                throw new ConformanceException($"{path}: format {f.GetRawText()} is not supported (expected 1)");
            if (!root.TryGetProperty("cases", out var cases) || cases.ValueKind != JsonValueKind.Array)
                throw new ConformanceException($"{path}: missing \"cases\" list");
            var list = cases.EnumerateArray().Select((c, i) => Case(c, i, path)).ToList();
            return new Manifest(directory, Text(root, "set") ?? "", Text(root, "source") ?? "", list);
        }
        catch (JsonException e) { throw new ConformanceException($"{path}: not valid JSON: {e.Message}"); }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ConformanceException($"{path}: {e.Message}");
        }
    }

    private static string? Text(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static ConformanceCase Case(JsonElement c, int i, string path)
    {
        string Need(string key) => Text(c, key) ?? throw new ConformanceException($"{path}: case {i} has no string \"{key}\"");
        double Tol(string key) => c.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble()
            : throw new ConformanceException($"{path}: case {i} has no number \"{key}\"");
        if (c.ValueKind != JsonValueKind.Object) throw new ConformanceException($"{path}: case {i} is not an object");
        var spec = c.TryGetProperty("spec", out var s) ? s.Clone() : throw new ConformanceException($"{path}: case {i} has no \"spec\"");
        return new ConformanceCase(Need("name"), Need("kind"), spec, Need("file"), Tol("rtol"), Tol("atol"), Text(c, "note"));
    }
}

/// <summary>A case directory or manifest that cannot be read; the message names it.</summary>
public sealed class ConformanceException(string message) : Exception(message);
