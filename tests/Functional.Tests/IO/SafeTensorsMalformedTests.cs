using LanguageExt;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Functional.Tests.Conformance;

namespace Functional.Tests.IO;

public class SafeTensorsMalformedTests
{
    private static byte[] File(string header, int dataBytes, ulong? claimedLength = null)
        => File(Encoding.UTF8.GetBytes(header), dataBytes, claimedLength);

    private static byte[] File(byte[] header, int dataBytes, ulong? claimedLength = null)
    {
        var r = new byte[8 + header.Length + dataBytes];
        BitConverter.GetBytes(claimedLength ?? (ulong)header.Length).CopyTo(r, 0);
        header.CopyTo(r, 8);
        return r;
    }

    /// <summary>Writes the bytes to a file, reads it back and returns the error, which must name the file.</summary>
    private static string Fault(byte[] bytes)
    {
        using var dir = new TempDir();
        var path = dir.File("broken-case.safetensors");
        System.IO.File.WriteAllBytes(path, bytes);
        var result = SafeTensors.Read(path);
        Assert.True(result.IsFail, "a malformed file was accepted");
        var message = result.Match(_ => "", e => e.Message);
        Assert.StartsWith(path + ": ", message);
        var thrown = Assert.Throws<SafeTensorsException>(() => SafeTensors.Read(path).ThrowIfFail());
        Assert.Equal(path, thrown.FilePath);
        return message;
    }

    private const string Good = """{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}""";

    [Fact] public void WellFormedBaselineIsAccepted() => Assert.Single(SafeTensors.Parse(File(Good, 16)).Entries);

    [Fact] public void EmptyFile() => Assert.Contains("too short", Fault([]));

    [Fact] public void ShorterThanTheLengthField() => Assert.Contains("too short", Fault([1, 2, 3]));

    [Fact] public void TruncatedInTheHeader() => Assert.Contains("truncated", Fault(File(Good, 16)[..30]));

    [Fact] public void TruncatedInTheData() => Assert.Contains("outside", Fault(File(Good, 16)[..^3]));

    [Fact] public void HugeHeaderLengthClaim() => Assert.Contains("limit", Fault(File(Good, 16, ulong.MaxValue)));

    [Fact] public void HeaderLongerThanTheLimit() => Assert.Contains("limit", Fault(File(Good, 16, 100_000_001)));

    [Fact] public void HeaderLongerThanTheFile() => Assert.Contains("exceeds", Fault(File(Good, 16, 5_000)));

    [Fact] public void BadJson() => Assert.Contains("not valid JSON", Fault(File("{\"a\": {", 0)));

    [Fact] public void InvalidUtf8() => Assert.Contains("UTF-8", Fault(File(new byte[] { (byte)'{', 0xff, 0xfe, (byte)'}' }, 0)));

    [Fact] public void HeaderNotAnObject() => Assert.Contains("not an object", Fault(File("[1, 2]  ", 0)));

    [Fact] public void UnknownDtype() => Assert.Contains("unknown dtype 'Q7'", Fault(File(Good.Replace("F64", "Q7"), 16)));

    [Fact] public void UnsupportedDtype() => Assert.Contains("'F16' is not supported", Fault(File(Good.Replace("F64", "F16"), 16)));

    [Fact] public void MissingField() => Assert.Contains("missing 'data_offsets'", Fault(File("""{"a":{"dtype":"F64","shape":[2]}}""", 16)));

    [Fact] public void NegativeDimension() => Assert.Contains("non-negative", Fault(File(Good.Replace("[2]", "[-2]"), 16)));

    [Fact] public void FractionalDimension() => Assert.Contains("non-negative integer", Fault(File(Good.Replace("[2]", "[2.5]"), 16)));

    [Fact] public void OffsetsOutsideTheData() => Assert.Contains("outside", Fault(File(Good.Replace("[0,16]", "[16,32]"), 16)));

    [Fact] public void OffsetsReversed() => Assert.Contains("end before", Fault(File(Good.Replace("[0,16]", "[16,0]"), 16)));

    [Fact] public void ShapeDoesNotMatchBytes() => Assert.Contains("needs 24 bytes", Fault(File(Good.Replace("[2]", "[3]"), 16)));

    [Fact]
    public void ShapeProductOverflow()
        => Assert.Contains("needs more than", Fault(File(Good.Replace("[2]", "[2147483647,2147483647,2147483647,2147483647]"), 16)));

    [Fact]
    public void OverlappingRanges()
        => Assert.Contains("overlap", Fault(File("""{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"b":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}""", 16)));

    [Fact]
    public void GapBetweenRanges()
        => Assert.Contains("unused", Fault(File("""{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F64","shape":[1],"data_offsets":[16,24]}}""", 24)));

    [Fact] public void TrailingBytes() => Assert.Contains("cover 16 of the 24", Fault(File(Good, 24)));

    [Fact] public void DuplicateName() => Assert.Contains("twice", Fault(File(Good[..^1] + "," + Good[1..], 16)));

    [Fact] public void MetadataValueNotAString()
        => Assert.Contains("__metadata__", Fault(File("""{"__metadata__":{"k":1},""" + Good[1..], 16)));

    /// <summary>Any prefix of a valid file is rejected with a file error, never another exception.</summary>
    [Fact]
    public void EveryTruncationIsAFileError()
    {
        var bytes = SafeTensors.ToBytes(new SafeTensorFile([SafeTensor.From("w", Tensor.Ones<float>(2, 3)), SafeTensor.FromInt64("i", [1, 2])]));
        for (var n = 0; n < bytes.Length; n++)
            Assert.Throws<SafeTensorsException>(() => SafeTensors.Parse(bytes[..n], "t"));
    }

    /// <summary>Random bytes, and random corruptions of a valid file, either parse or fail with <see cref="SafeTensorsException"/>.</summary>
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property CorruptBytesNeverCrash(byte[] noise, int at)
    {
        var valid = SafeTensors.ToBytes(new SafeTensorFile([SafeTensor.From("w", Tensor.Ones<double>(2, 2)), SafeTensor.FromInt64("i", [5])]));
        var corrupt = (byte[])valid.Clone();
        var start = Math.Abs(at % corrupt.Length);
        for (var i = 0; i < noise.Length && start + i < corrupt.Length; i++) corrupt[start + i] = noise[i];
        bool Safe(byte[] b)
        {
            try { SafeTensors.Parse(b, "p"); return true; }
            catch (SafeTensorsException e) { return e.Message.StartsWith("p: "); }
        }
        return (Safe(noise) && Safe(corrupt)).ToProperty();
    }
}
