using System.Text;

namespace Functional;

/// <summary>
/// JSON as Python's <c>json.dump</c> writes it: besides standard JSON it may contain the bare tokens
/// <c>Infinity</c>, <c>-Infinity</c> and <c>NaN</c> (e.g. <c>norm_type=inf</c>). <see cref="Normalize"/> turns them
/// into the strings <c>"Infinity"</c>, <c>"-Infinity"</c> and <c>"NaN"</c>, which spec readers accept as numbers.
/// </summary>
public static class PythonJson
{
    /// <summary>The text with bare non-finite literals outside strings quoted; other text is unchanged.</summary>
    public static string Normalize(string json)
    {
        if (!json.Contains("Infinity", StringComparison.Ordinal) && !json.Contains("NaN", StringComparison.Ordinal)) return json;
        var sb = new StringBuilder(json.Length + 16);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var ch = json[i];
            if (inString)
            {
                sb.Append(ch);
                if (ch == '\\' && i + 1 < json.Length) sb.Append(json[++i]);
                else if (ch == '"') inString = false;
                continue;
            }
            if (ch == '"') { inString = true; sb.Append(ch); continue; }
            var token = Literal(json, i);
            if (token is null) { sb.Append(ch); continue; }
            sb.Append('"').Append(token).Append('"');
            i += token.Length - 1;
        }
        return sb.ToString();
    }

    private static string? Literal(string s, int i)
    {
        foreach (var t in (string[])["-Infinity", "Infinity", "NaN"])
            if (string.CompareOrdinal(s, i, t, 0, t.Length) == 0) return t;
        return null;
    }

    /// <summary>A JSON number, or one of the strings <c>Infinity</c>, <c>-Infinity</c>, <c>inf</c>, <c>-inf</c>, <c>NaN</c>.</summary>
    public static bool TryNumber(System.Text.Json.JsonElement v, out double value)
    {
        value = double.NaN;
        if (v.ValueKind == System.Text.Json.JsonValueKind.Number) { value = v.GetDouble(); return true; }
        if (v.ValueKind != System.Text.Json.JsonValueKind.String) return false;
        switch (v.GetString()!.Trim().ToLowerInvariant())
        {
            case "infinity" or "inf" or "+inf": value = double.PositiveInfinity; return true;
            case "-infinity" or "-inf": value = double.NegativeInfinity; return true;
            case "nan": value = double.NaN; return true;
            default: return false;
        }
    }
}
