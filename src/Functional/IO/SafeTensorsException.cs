namespace Functional;

/// <summary>
/// A safetensors file that cannot be read or written. The message names the file and the fault, e.g.
/// <c>model.safetensors: tensor 'weight': data_offsets [0, 96] lie outside the 64-byte data section</c>.
/// </summary>
public sealed class SafeTensorsException : IOException
{
    /// <summary>The file (or source name) concerned.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, without the file name.</summary>
    public string Fault { get; }

    /// <summary>Creates the exception for <paramref name="filePath"/> and <paramref name="fault"/>.</summary>
    public SafeTensorsException(string filePath, string fault, Exception? inner = null)
        : base($"{filePath}: {fault}", inner)
    {
        FilePath = filePath;
        Fault = fault;
    }
}
