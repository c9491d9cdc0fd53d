using LanguageExt;
using Functional.Tests.Support;
using System.Buffers.Binary;
using System.IO.Compression;
using Functional;

namespace Functional.Tests.Data;

public sealed class IdxTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("idx-tests-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>An IDX file: magic 0x0000 08 rank, big-endian sizes, then the body.</summary>
    internal static byte[] IdxBytes(byte type, uint[] dims, byte[] body)
    {
        var b = new byte[4 + 4 * dims.Length + body.Length];
        b[2] = type;
        b[3] = (byte)dims.Length;
        for (var i = 0; i < dims.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4 + 4 * i), dims[i]);
        body.CopyTo(b, 4 + 4 * dims.Length);
        return b;
    }

    internal static string Write(string dir, string name, byte[] bytes, bool gzip)
    {
        var path = Path.Combine(dir, gzip ? name + ".gz" : name);
        if (!gzip) { File.WriteAllBytes(path, bytes); return path; }
        using var f = File.Create(path);
        using var z = new GZipStream(f, CompressionLevel.Fastest);
        z.Write(bytes);
        return path;
    }

    private static readonly byte[] Pixels = [.. Enumerable.Range(0, 2 * 3 * 2).Select(i => (byte)(i * 20))];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_images_and_labels_raw_or_gzip(bool gzip)
    {
        var images = Idx.Read(Write(dir, "img", IdxBytes(8, [2, 3, 2], Pixels), gzip), IdxKind.Images).ThrowIfFail();
        Assert.Equal<int>([2, 3, 2], images.Dimensions);
        Assert.Equal(Pixels, images.Data);
        var labels = Idx.Read(Write(dir, "lab", IdxBytes(8, [2], [7, 1]), gzip), IdxKind.Labels).ThrowIfFail();
        Assert.Equal<byte>([7, 1], labels.Data);
    }

    private IdxFormatException Fails(byte[] bytes, bool gzip, IdxKind kind = IdxKind.Images, long max = Idx.DefaultMaxBytes)
    {
        var path = Write(dir, "bad", bytes, gzip);
        var e = Failure.Of<IdxFormatException, IdxArray>(Idx.Read(path, kind, max));
        Assert.Equal(path, e.File);
        Assert.StartsWith(path + ": ", e.Message);
        return e;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_body_or_header_is_an_error_naming_the_file(bool gzip)
    {
        var full = IdxBytes(8, [2, 3, 2], Pixels);
        Assert.Contains("truncated", Fails(full[..^1], gzip).Message);
        Assert.Contains("truncated", Fails(full[..10], gzip).Message);
        Assert.Contains("truncated", Fails(full[..2], gzip).Message);
        Assert.Contains("truncated", Fails([], gzip).Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Extra_data_is_an_error(bool gzip)
        => Assert.Contains("extra data", Fails([.. IdxBytes(8, [2, 3, 2], Pixels), 0], gzip).Message);

    [Fact]
    public void Bad_magic_element_type_and_rank_are_errors()
    {
        var ok = IdxBytes(8, [2, 3, 2], Pixels);
        var badMagic = (byte[])ok.Clone();
        badMagic[0] = 0x12;
        Assert.Contains("magic", Fails(badMagic, false).Message);
        Assert.Contains("element type 0x0d", Fails(IdxBytes(0x0d, [2, 3, 2], Pixels), false).Message);
        Assert.Contains("0x00000801", Fails(ok, false, IdxKind.Labels).Message);   // images given where labels are expected
        Assert.Contains("0x00000803", Fails(IdxBytes(8, [12], Pixels), true).Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Huge_declared_dimensions_are_refused_before_allocating(bool gzip)
    {
        Assert.Contains("limit", Fails(IdxBytes(8, [60000, 60000, 60000], [1, 2, 3]), gzip).Message);
        Assert.Contains("more than", Fails(IdxBytes(8, [uint.MaxValue, 1, 1], [1]), gzip).Message);
        // Under the cap but far more than the file holds: refused from the data actually present.
        Assert.Contains("truncated", Fails(IdxBytes(8, [1000, 1000, 900], [1, 2, 3]), gzip).Message);
        Assert.Contains("limit", Fails(IdxBytes(8, [2, 3, 2], Pixels), gzip, max: 11).Message);
    }

    [Fact]
    public void Corrupt_gzip_is_an_error_naming_the_file()
    {
        var path = Path.Combine(dir, "corrupt.gz");
        File.WriteAllBytes(path, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff]);
        var e = Failure.Of<IdxFormatException, IdxArray>(Idx.Read(path));
        Assert.Equal(path, e.File);
    }

    [Fact]
    public void Stream_overload_uses_the_given_name()
    {
        using var s = new MemoryStream(IdxBytes(8, [3], [1, 2]));
        Assert.StartsWith("labels-stream: truncated", Failure.Of<IdxFormatException, IdxArray>(Idx.Read(s, "labels-stream")).Message);
    }
}
