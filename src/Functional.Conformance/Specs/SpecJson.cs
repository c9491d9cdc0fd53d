using System.Globalization;
using System.Text.Json;

namespace Functional.Conformance;

/// <summary>Reading PyTorch keyword arguments from a JSON spec, with errors that name the spec type and key.</summary>
internal static class SpecJson
{
    public static string Type(JsonElement spec)
        => spec.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : throw new ArgumentException("spec has no \"type\"");

    /// <summary>A number; also accepts the strings Infinity, -Infinity, inf, NaN (Python writes non-finite floats that way).</summary>
    public static double Number(JsonElement spec, string key, double fallback)
        => spec.TryGetProperty(key, out var v) ? ToDouble(v, key) : fallback;

    public static double Required(JsonElement spec, string key)
        => spec.TryGetProperty(key, out var v) ? ToDouble(v, key) : throw new ArgumentException($"{Type(spec)} spec: missing \"{key}\"");

    public static int Int(JsonElement spec, string key, int fallback)
        => spec.TryGetProperty(key, out var v) ? (int)ToDouble(v, key) : fallback;

    public static bool Bool(JsonElement spec, string key, bool fallback)
        => !spec.TryGetProperty(key, out var v) ? fallback
         : v.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => throw new ArgumentException($"\"{key}\" must be true or false") };

    public static string Str(JsonElement spec, string key, string fallback)
        => spec.TryGetProperty(key, out var v) ? v.GetString() ?? fallback : fallback;

    public static double[] Numbers(JsonElement spec, string key)
        => spec.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(e => ToDouble(e, key)).ToArray() : [];

    private static double ToDouble(JsonElement v, string key)
        => PythonJson.TryNumber(v, out var d) ? d
         : v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? d
         : throw new ArgumentException($"\"{key}\" must be a number, got {v.GetRawText()}");

    /// <summary>The parameter names p0, p1, ... present under <paramref name="prefix"/>, in numeric order.</summary>
    public static string[] ParamNames(IReadOnlyDictionary<string, Tensor<double>> tensors, string prefix)
        => tensors.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..])
                  .OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal).ToArray();
}
