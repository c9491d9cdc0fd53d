using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;

namespace Functional;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of
/// UTF-8 JSON mapping each tensor name to <c>{"dtype", "shape", "data_offsets": [begin, end]}</c> (plus an
/// optional <c>__metadata__</c> string map), then the raw little-endian data. Supported dtypes:
/// <c>F32</c>, <c>F64</c>, <c>I64</c>.
/// </summary>
/// <remarks>
/// Reading trusts nothing in the file: every size is checked against the file length before anything is
/// allocated from it, and every fault (truncation, an oversized or malformed header, an unknown dtype, offsets
/// outside the data, overlapping or gapped ranges, a shape that does not match its byte count) is an error
/// naming the file and the fault. Writing goes to a temporary file in the same directory, then renames it
/// into place, so a reader never sees half a file.
/// </remarks>
/// <example><code>
/// SafeTensors.Write("w.safetensors", new SafeTensorFile([SafeTensor.From("weight", w)]));
/// var file = SafeTensors.Read("w.safetensors").ThrowIfFail();
/// </code></example>
public static partial class SafeTensors
{
    /// <summary>The largest header accepted, in bytes (100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads a file.</summary>
    /// <returns>The file, or a failure (a <see cref="SafeTensorsException"/>: missing, unreadable or malformed) whose
    /// message names the file and the fault.</returns>
    public static Fin<SafeTensorFile> Read(string path)
    {
        try { return ReadOrThrow(path); }
        catch (SafeTensorsException e) { return Error.New(e); }
    }

    private static SafeTensorFile ReadOrThrow(string path)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var length = stream.Length;
            if (length > Array.MaxLength)
                throw new SafeTensorsException(path, $"file of {length} bytes is larger than the {Array.MaxLength} bytes supported");
            bytes = new byte[length];
            stream.ReadExactly(bytes);
        }
        catch (SafeTensorsException) { throw; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SafeTensorsException(path, e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message, e);
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses the bytes of a safetensors file; <paramref name="source"/> names it in errors. The tensors share <paramref name="bytes"/>.</summary>
    /// <exception cref="SafeTensorsException">The bytes are not a valid safetensors file.</exception>
    public static SafeTensorFile Parse(byte[] bytes, string source = "<memory>") => SafeTensorsParser.Parse(bytes, source);

    /// <summary>
    /// Writes <paramref name="file"/> to <paramref name="path"/> atomically (<see cref="AtomicFile"/>: a temporary file
    /// beside it, flushed to disk, then renamed over it), so a crash at any instant leaves either the old file or the new.
    /// </summary>
    /// <exception cref="SafeTensorsException">The file cannot be written (a full disk, say); the message names it and the
    /// cause, the previous file is unchanged and no temporary file is left.</exception>
    public static void Write(string path, SafeTensorFile file)
        => AtomicFile.Replace(path, AtomicFile.WithStream(stream => Serialize(file, stream)), (fault, e) => new SafeTensorsException(path, fault, e));

    /// <summary>Writes tensors (and optional metadata) to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, IEnumerable<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        => Write(path, new SafeTensorFile(tensors, metadata, path));

    /// <summary>
    /// Writes the file's bytes to <paramref name="stream"/>: the header is compact JSON padded with spaces to a
    /// multiple of 8 bytes (as the reference implementation does), tensors in order, data contiguous.
    /// </summary>
    public static void Serialize(SafeTensorFile file, Stream stream)
    {
        var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (file.Metadata.Count > 0)
            {
                w.WriteStartObject("__metadata__");
                foreach (var (k, v) in file.Metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var e in file.Entries)
            {
                w.WriteStartObject(e.Name);
                w.WriteString("dtype", e.DType.ToString());
                w.WriteStartArray("shape");
                foreach (var d in e.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + e.Bytes.Length);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += e.Bytes.Length;
            }
            w.WriteEndObject();
        }
        var header = json.ToArray();
        var padded = (header.Length + 7) / 8 * 8;
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
        stream.Write(len);
        stream.Write(header);
        for (var i = header.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var e in file.Entries) stream.Write(e.Bytes.Span);
    }

    /// <summary>The bytes of <paramref name="file"/> as <see cref="Serialize"/> writes them.</summary>
    public static byte[] ToBytes(SafeTensorFile file)
    {
        var m = new MemoryStream();
        Serialize(file, m);
        return m.ToArray();
    }

    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
