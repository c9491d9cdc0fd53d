namespace Functional;

/// <summary>An IDX file (the MNIST format) that is malformed, truncated or too large; the message names the file and the fault.</summary>
public sealed class IdxFormatException : Exception
{
    /// <summary>The file (or stream name) that is at fault.</summary>
    public string File { get; }

    /// <summary>Creates the exception for <paramref name="file"/> with a description of the <paramref name="fault"/>.</summary>
    public IdxFormatException(string file, string fault, Exception? inner = null) : base($"{file}: {fault}", inner) => File = file;
}
