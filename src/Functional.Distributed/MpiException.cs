namespace Functional;

/// <summary>An MPI call failed: the message names the call and quotes MPI's error string (<c>MPI_Error_string</c>).</summary>
public sealed class MpiException : Exception
{
    /// <summary>An exception for <paramref name="call"/> failing with <paramref name="code"/>.</summary>
    /// <param name="call">The MPI function, e.g. <c>MPI_Allreduce</c>.</param>
    /// <param name="code">MPI's error code.</param>
    /// <param name="text">MPI's text for the code.</param>
    public MpiException(string call, int code, string text) : base($"{call} failed: {text} (MPI error {code})")
        => (Call, Code) = (call, code);

    /// <summary>The MPI function that failed.</summary>
    public string Call { get; }

    /// <summary>MPI's error code.</summary>
    public int Code { get; }
}
