using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Buffers.Binary;
using System.IO.Compression;
using LanguageExt;
using LanguageExt.Common;

namespace Functional;

/// <summary>
/// The contents of an IDX file of unsigned bytes: its dimensions (outermost first) and its data, row-major.
/// Two arrays are equal when their dimensions and bytes are.
/// </summary>
/// <param name="Dimensions">The sizes declared in the header.</param>
/// <param name="Data">The elements, exactly the product of the dimensions.</param>
public sealed record IdxArray(ImmutableArray<int> Dimensions, ImmutableArray<byte> Data)
{
    /// <summary>Structural equality: the same dimensions and bytes.</summary>
    public bool Equals(IdxArray? other)
        => other is not null && Structural.Equal(Dimensions, other.Dimensions) && Data.AsSpan().SequenceEqual(other.Data.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Structural.Hash(Dimensions), Data.Length);
}

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected by the gzip magic
/// bytes 1f 8b). The header is checked before anything large is allocated: magic number, element type
/// (only unsigned bytes, 0x08), dimension count, a size that neither overflows nor exceeds a cap, and a body
/// of exactly that many bytes. Every fault is a failure whose error (an <see cref="IdxFormatException"/>, or the
/// I/O exception) names the file.
/// <example><code>
/// var images = Idx.Read("train-images-idx3-ubyte.gz", IdxKind.Images).ThrowIfFail();   // Dimensions [60000, 28, 28]
/// </code></example>
/// </summary>
public static class Idx
{
    /// <summary>The largest body read unless a caller allows more: 1 GiB (Fashion-MNIST's training images take 47 MB).</summary>
    public const long DefaultMaxBytes = 1L << 30;

    /// <summary>Reads the IDX file at <paramref name="path"/>, raw or gzip-compressed.</summary>
    /// <param name="path">The file.</param>
    /// <param name="kind">What the file must hold (checked against its magic number), or <see cref="IdxKind.Any"/>.</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <returns>The array, or a failure: an <see cref="IdxFormatException"/> (malformed, truncated, too long or too
    /// large) or the I/O exception (missing, unreadable), each naming the file.</returns>
    public static Fin<IdxArray> Read(string path, IdxKind kind = IdxKind.Any, long maxBytes = DefaultMaxBytes)
        => Catch(() => ReadOrThrow(path, kind, maxBytes));

    /// <summary>Reads an IDX file from a stream, raw or gzip-compressed; <paramref name="name"/> is used in error messages.</summary>
    /// <returns>The array, or a failure naming <paramref name="name"/> and the fault.</returns>
    public static Fin<IdxArray> Read(Stream stream, string name, IdxKind kind = IdxKind.Any, long maxBytes = DefaultMaxBytes)
        => Catch(() => ReadOrThrow(stream, name, kind, maxBytes));

    private static Fin<IdxArray> Catch(Func<IdxArray> read)
    {
        try { return read(); }
        catch (Exception e) when (e is IdxFormatException or IOException or UnauthorizedAccessException) { return Error.New(e); }
    }

    /// <summary>The throwing form, for the loaders built on it: <see cref="IdxFormatException"/> or an I/O exception.</summary>
    internal static IdxArray ReadOrThrow(string path, IdxKind kind = IdxKind.Any, long maxBytes = DefaultMaxBytes)
    {
        using var file = File.OpenRead(path);
        return ReadOrThrow(file, path, kind, maxBytes);
    }

    private static IdxArray ReadOrThrow(Stream stream, string name, IdxKind kind, long maxBytes)
    {
        try
        {
            var head = new byte[2];
            var got = Fill(stream, head);
            var gzip = got == 2 && head[0] == 0x1f && head[1] == 0x8b;
            long? rawLength = !gzip && stream.CanSeek ? stream.Length - stream.Position + got : null;
            using var body = gzip
                ? new GZipStream(new PrefixedStream(head, stream), CompressionMode.Decompress)
                : (Stream)new PrefixedStream(head.AsSpan(0, got).ToArray(), stream);
            return ReadIdx(body, name, kind, maxBytes, rawLength);
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException(name, "corrupt gzip data: " + e.Message, e);
        }
    }

    private static IdxArray ReadIdx(Stream s, string name, IdxKind kind, long maxBytes, long? rawLength)
    {
        var magic = new byte[4];
        if (Fill(s, magic) < 4) throw new IdxFormatException(name, "truncated: the file ends inside the 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0)
            throw new IdxFormatException(name, $"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(magic):x8}: an IDX file starts with two zero bytes");
        if (magic[2] != 0x08)
            throw new IdxFormatException(name, $"unsupported element type 0x{magic[2]:x2}: only unsigned bytes (0x08) are read");
        int rank = magic[3], want = kind switch { IdxKind.Images => 3, IdxKind.Labels => 1, _ => -1 };
        if (want >= 0 && rank != want)
            throw new IdxFormatException(name, $"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(magic):x8}: {kind.ToString().ToLowerInvariant()} need 0x{0x800 + want:x8} ({want} dimension{(want == 1 ? "" : "s")}), this file declares {rank}");
        if (rank == 0) throw new IdxFormatException(name, "declares 0 dimensions");
        var header = new byte[4 * rank];
        if (Fill(s, header) < header.Length) throw new IdxFormatException(name, $"truncated: the file ends inside the {rank} dimension sizes");
        var dims = new int[rank];
        long size = 1;
        for (var i = 0; i < rank; i++)
        {
            var d = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4 * i));
            if (d > int.MaxValue) throw new IdxFormatException(name, $"dimension {i} declares {d} elements, more than {int.MaxValue}");
            dims[i] = (int)d;
            size = d == 0 || size == 0 ? 0 : size > maxBytes / d ? maxBytes + 1 : size * d;   // saturates past the cap: no overflow
        }
        if (size > maxBytes)
            throw new IdxFormatException(name, $"declares dimensions [{string.Join(", ", dims)}], more than the {maxBytes}-byte limit");
        var headerBytes = 4 + 4L * rank;
        if (rawLength is { } length && length != headerBytes + size)
            throw new IdxFormatException(name, length < headerBytes + size
                ? $"truncated: dimensions [{string.Join(", ", dims)}] need {size} data bytes, the file has {length - headerBytes}"
                : $"{length - headerBytes - size} bytes of extra data after the {size} declared by dimensions [{string.Join(", ", dims)}]");
        var data = ReadBody(s, name, (int)size, dims);
        return new IdxArray([.. dims], ImmutableCollectionsMarshal.AsImmutableArray(data));   // data is ours alone: no copy
    }

    // Reads exactly `size` bytes, growing the buffer as data arrives so that a hostile header alone cannot make
    // us allocate its declared size; then checks that nothing follows.
    private static byte[] ReadBody(Stream s, string name, int size, int[] dims)
    {
        var buffer = new byte[Math.Min(size, 1 << 20)];
        var filled = 0;
        while (filled < size)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(size, 2L * buffer.Length));
            var n = s.Read(buffer, filled, buffer.Length - filled);
            if (n == 0)
                throw new IdxFormatException(name, $"truncated: dimensions [{string.Join(", ", dims)}] need {size} data bytes, the file has {filled}");
            filled += n;
        }
        var extra = 0L;
        var scratch = new byte[4096];
        for (int n; (n = s.Read(scratch, 0, scratch.Length)) > 0 && extra < 1 << 20;) extra += n;
        if (extra > 0)
            throw new IdxFormatException(name, $"{(extra >= 1 << 20 ? "at least " : "")}{extra} bytes of extra data after the {size} declared by dimensions [{string.Join(", ", dims)}]");
        return buffer;
    }

    private static int Fill(Stream s, Span<byte> buffer)
    {
        var total = 0;
        for (int n; total < buffer.Length && (n = s.Read(buffer[total..])) > 0;) total += n;
        return total;
    }

    /// <summary>A read-only stream that yields some already-read bytes and then the rest of another stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        private int used;
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            if (used < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - used);
                prefix.AsSpan(used, n).CopyTo(buffer);
                used += n;
                return n;
            }
            return rest.Read(buffer);
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>What an IDX file must hold, checked against its magic number.</summary>
public enum IdxKind
{
    /// <summary>Any unsigned-byte IDX file.</summary>
    Any,
    /// <summary>Images: magic 0x00000803, dimensions (count, rows, columns).</summary>
    Images,
    /// <summary>Labels: magic 0x00000801, dimension (count).</summary>
    Labels,
}
