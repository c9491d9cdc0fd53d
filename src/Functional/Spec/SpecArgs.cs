using System.Collections.Immutable;
using System.Text.Json;

namespace Functional;

/// <summary>
/// The keyword arguments of one spec element (<c>{"type": "Linear", "in_features": 6, ...}</c>), with typed
/// getters whose errors name the element. It records which arguments a builder read: an argument left
/// unread is not supported, and <see cref="ModelSpec"/> reports it rather than silently ignoring it.
/// </summary>
public sealed class SpecArgs
{
    private readonly HashSet<string> read = new(StringComparer.Ordinal) { "type", "mode" };

    /// <summary>The raw JSON object.</summary>
    public JsonElement Json { get; }

    /// <summary>The value of <c>type</c>.</summary>
    public string Type { get; }

    /// <summary>Where this element sits in the spec, e.g. <c>layers[2]</c>; empty at top level.</summary>
    public string Path { get; }

    internal SpecArgs(JsonElement json, string path)
    {
        Path = path;
        if (json.ValueKind != JsonValueKind.Object) throw new SpecException($"{Where}a spec must be a JSON object, got {json.ValueKind}");
        if (!json.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String)
            throw new SpecException($"{Where}a spec needs a string \"type\"");
        (Json, Type) = (json, t.GetString()!);
    }

    private string Where => Path.Length == 0 ? "" : Path + ": ";

    /// <summary>An error message prefix naming this element, e.g. <c>layers[2] (Linear)</c>.</summary>
    public override string ToString() => Path.Length == 0 ? Type : $"{Path} ({Type})";

    /// <summary>The names given in the spec that no getter has read.</summary>
    public ImmutableArray<string> Unread => [.. Json.EnumerateObject().Select(p => p.Name).Where(n => !read.Contains(n))];

    /// <summary>Marks every argument as read (for layers that ignore their arguments, as <c>nn.Identity</c> does).</summary>
    public void ReadAll() { foreach (var p in Json.EnumerateObject()) read.Add(p.Name); }

    /// <summary>True when <paramref name="key"/> is given and not null.</summary>
    public bool Has(string key) => Json.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null;

    private JsonElement? Get(string key)
    {
        read.Add(key);
        return Json.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;
    }

    private SpecException Bad(string key, string what, JsonElement v) => new($"{this}: '{key}' must be {what}, got {v.GetRawText()}");

    private JsonElement Required(string key) => Get(key) ?? throw new SpecException($"{this}: missing argument '{key}'");

    /// <summary>An optional number that may be an explicit JSON null (PyTorch's <c>None</c>): absent gives <paramref name="fallback"/>, null gives null.</summary>
    public double? NullableDouble(string key, double? fallback)
    {
        read.Add(key);
        if (!Json.TryGetProperty(key, out var v)) return fallback;
        return v.ValueKind == JsonValueKind.Null ? null : Double(key);
    }

    /// <summary>A required integer argument.</summary>
    public int Int(string key) { var v = Required(key); return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw Bad(key, "an integer", v); }

    /// <summary>An optional integer argument.</summary>
    public int Int(string key, int fallback) => Has(key) ? Int(key) : Mark(key, fallback);

    /// <summary>A required number argument.</summary>
    public double Double(string key) { var v = Required(key); return PythonJson.TryNumber(v, out var d) ? d : throw Bad(key, "a number", v); }

    /// <summary>An optional number argument.</summary>
    public double Double(string key, double fallback) => Has(key) ? Double(key) : Mark(key, fallback);

    /// <summary>An optional boolean argument.</summary>
    public bool Bool(string key, bool fallback)
    {
        var v = Get(key);
        return v is null ? fallback : v.Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Bad(key, "true or false", v.Value),
        };
    }

    /// <summary>An optional string argument.</summary>
    public string String(string key, string fallback)
    {
        var v = Get(key);
        return v is null ? fallback : v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString()! : throw Bad(key, "a string", v.Value);
    }

    /// <summary>
    /// An integer or a tuple of <paramref name="rank"/> integers (PyTorch's <c>kernel_size=3</c> or <c>(3, 3)</c>);
    /// a single integer is repeated. Required when <paramref name="fallback"/> is null.
    /// </summary>
    public int[] Ints(string key, int rank, int[]? fallback = null)
    {
        var v = Get(key);
        if (v is null) return fallback ?? throw new SpecException($"{this}: missing argument '{key}'");
        var e = v.Value;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var one)) return Enumerable.Repeat(one, rank).ToArray();
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != rank) throw Bad(key, $"an integer or {rank} integers", e);
        return e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number && x.TryGetInt32(out var i) ? i : throw Bad(key, "integers", e)).ToArray();
    }

    /// <summary>An optional list of numbers (e.g. class weights); null when absent.</summary>
    public double[]? Doubles(string key)
    {
        var v = Get(key);
        if (v is null) return null;
        if (v.Value.ValueKind != JsonValueKind.Array) throw Bad(key, "a list of numbers", v.Value);
        return v.Value.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number ? x.GetDouble() : throw Bad(key, "a list of numbers", v.Value)).ToArray();
    }

    /// <summary>A required list of nested specs (e.g. <c>Sequential</c>'s <c>layers</c>), each named <c>key[i]</c> in errors.</summary>
    public IReadOnlyList<SpecArgs> List(string key)
    {
        var v = Required(key);
        if (v.ValueKind != JsonValueKind.Array) throw Bad(key, "a list of specs", v);
        var prefix = Path.Length == 0 ? key : Path + "." + key;
        return v.EnumerateArray().Select((x, i) => new SpecArgs(x, $"{prefix}[{i}]")).ToList();
    }

    /// <summary>Rejects an argument value this library does not support, naming the element.</summary>
    public UnsupportedSpecException Unsupported(string what) => new(Type, $"{this}: {what} is not supported");

    private T Mark<T>(string key, T value) { read.Add(key); return value; }
}
