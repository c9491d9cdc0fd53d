using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Functional;

/// <summary>Validates and parses the bytes of a safetensors file; every fault names the source and what is wrong.</summary>
internal static class SafeTensorsParser
{
    private readonly record struct Raw(string Name, DType DType, int[] Dims, long Begin, long End);

    public static SafeTensorFile Parse(byte[] bytes, string source)
    {
        SafeTensorsException Fault(string fault) => new(source, fault);

        if (bytes.Length < 8) throw Fault($"file of {bytes.Length} bytes is too short for the 8-byte header length");
        var n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > (ulong)SafeTensors.MaxHeaderBytes)
            throw Fault($"header length {n} exceeds the {SafeTensors.MaxHeaderBytes}-byte limit");
        if (n > (ulong)(bytes.Length - 8))
            throw Fault($"header length {n} exceeds the {bytes.Length - 8} bytes after the length field (file truncated?)");
        var headerLength = (int)n;
        var dataStart = 8 + headerLength;
        long dataLength = bytes.Length - dataStart;

        string text;
        try { text = SafeTensors.StrictUtf8.GetString(bytes, 8, headerLength); }
        catch (DecoderFallbackException) { throw Fault("header is not valid UTF-8"); }

        var raws = new List<Raw>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Fault($"header is a JSON {doc.RootElement.ValueKind}, not an object");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(prop.Name)) throw Fault($"header names '{prop.Name}' twice");
                if (prop.Name == "__metadata__") ReadMetadata(prop.Value, metadata, Fault);
                else raws.Add(ReadEntry(prop.Name, prop.Value, dataLength, Fault));
            }
        }
        catch (JsonException e) { throw new SafeTensorsException(source, "header is not valid JSON: " + e.Message, e); }

        CheckRanges(raws, dataLength, Fault);
        var entries = raws.Select(r => new SafeTensor(r.Name, r.DType, new Shape(r.Dims),
            new ReadOnlyMemory<byte>(bytes, dataStart + (int)r.Begin, (int)(r.End - r.Begin))));
        return new SafeTensorFile(entries, metadata, source);
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, Func<string, SafeTensorsException> fault)
    {
        if (value.ValueKind != JsonValueKind.Object) throw fault($"__metadata__ is a JSON {value.ValueKind}, not an object");
        foreach (var m in value.EnumerateObject())
        {
            if (m.Value.ValueKind != JsonValueKind.String) throw fault($"__metadata__ value '{m.Name}' is a JSON {m.Value.ValueKind}, not a string");
            if (!metadata.TryAdd(m.Name, m.Value.GetString()!)) throw fault($"__metadata__ names '{m.Name}' twice");
        }
    }

    private static Raw ReadEntry(string name, JsonElement e, long dataLength, Func<string, SafeTensorsException> fault)
    {
        var where = $"tensor '{name}'";
        if (name.Length == 0) throw fault("a tensor has an empty name");
        if (e.ValueKind != JsonValueKind.Object) throw fault($"{where}: entry is a JSON {e.ValueKind}, not an object");
        JsonElement Field(string key) => e.TryGetProperty(key, out var v) ? v : throw fault($"{where}: missing '{key}'");

        var dt = Field("dtype");
        if (dt.ValueKind != JsonValueKind.String) throw fault($"{where}: dtype is a JSON {dt.ValueKind}, not a string");
        var dtype = dt.GetString() switch
        {
            "F32" => DType.F32,
            "F64" => DType.F64,
            "I64" => DType.I64,
            "F16" or "BF16" or "I8" or "U8" or "I16" or "U16" or "I32" or "U32" or "U64" or "BOOL" or "F8_E4M3" or "F8_E5M2"
                => throw fault($"{where}: dtype '{dt.GetString()}' is not supported (only F32, F64, I64)"),
            var s => throw fault($"{where}: unknown dtype '{s}'"),
        };

        var shape = Field("shape");
        if (shape.ValueKind != JsonValueKind.Array) throw fault($"{where}: shape is a JSON {shape.ValueKind}, not an array");
        if (shape.GetArrayLength() > 64) throw fault($"{where}: shape has {shape.GetArrayLength()} dimensions (at most 64)");
        var dims = new int[shape.GetArrayLength()];
        long elements = 1;
        var i = 0;
        foreach (var d in shape.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var v) || v < 0)
                throw fault($"{where}: shape entry {d} is not a non-negative integer");
            if (v > int.MaxValue) throw fault($"{where}: dimension {v} is too large");
            dims[i++] = (int)v;
            // elements stays <= dataLength + 1 whenever it is nonzero, so the product cannot overflow.
            elements = elements == 0 ? 0 : elements * v;
            if (elements > dataLength + 1) elements = dataLength + 1;
        }

        var offsets = Field("data_offsets");
        if (offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw fault($"{where}: data_offsets must be an array [begin, end]");
        var o = offsets.EnumerateArray().Select(x =>
            x.ValueKind == JsonValueKind.Number && x.TryGetInt64(out var v) && v >= 0 ? v : throw fault($"{where}: data_offsets entry {x} is not a non-negative integer")).ToArray();
        var (begin, end) = (o[0], o[1]);
        if (begin > end) throw fault($"{where}: data_offsets [{begin}, {end}] end before they begin");
        if (end > dataLength) throw fault($"{where}: data_offsets [{begin}, {end}] lie outside the {dataLength}-byte data section");
        var need = elements * SafeTensor.SizeOf(dtype);
        if (elements > dataLength || need != end - begin)
            throw fault($"{where}: shape [{string.Join(", ", dims)}] of {dtype} needs {(elements > dataLength ? "more than " + dataLength : need.ToString())} bytes, but data_offsets [{begin}, {end}] hold {end - begin}");
        if (elements > int.MaxValue) throw fault($"{where}: more than {int.MaxValue} elements");
        return new Raw(name, dtype, dims, begin, end);
    }

    /// <summary>The ranges must tile the data section: no overlap, no gap, nothing left over (as the reference reader requires).</summary>
    private static void CheckRanges(List<Raw> raws, long dataLength, Func<string, SafeTensorsException> fault)
    {
        long at = 0;
        string? previous = null;
        foreach (var r in raws.OrderBy(r => r.Begin).ThenBy(r => r.End))
        {
            if (r.Begin < at) throw fault($"tensor '{r.Name}': data_offsets [{r.Begin}, {r.End}] overlap tensor '{previous}' (which ends at {at})");
            if (r.Begin > at) throw fault($"tensor '{r.Name}': data_offsets [{r.Begin}, {r.End}] leave bytes {at}..{r.Begin} unused");
            (at, previous) = (r.End, r.Name);
        }
        if (at != dataLength) throw fault($"the tensors cover {at} of the {dataLength} bytes of data");
    }
}
