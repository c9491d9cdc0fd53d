namespace Functional.Conformance;

/// <summary>The outcome of a case.</summary>
public enum Verdict
{
    /// <summary>Every checked tensor matched within tolerance.</summary>
    Pass,
    /// <summary>A tensor did not match, or the case could not be run although it is supported.</summary>
    Fail,
    /// <summary>The library does not (yet) support what the case needs.</summary>
    Unsupported,
}

/// <summary>The result of one case.</summary>
/// <param name="Name">The case name.</param>
/// <param name="Verdict">Pass, fail or unsupported.</param>
/// <param name="Detail">For a failure, what went wrong; for unsupported, why; empty on a pass.</param>
/// <param name="Tensor">For a mismatch, the tensor with the largest error.</param>
/// <param name="MaxError">For a mismatch, the largest absolute error in <paramref name="Tensor"/>.</param>
public sealed record CaseResult(string Name, Verdict Verdict, string Detail = "", string? Tensor = null, double MaxError = 0)
{
    /// <summary>A pass.</summary>
    public static CaseResult Pass(string name) => new(name, Verdict.Pass);

    /// <summary>An unsupported case, with the reason.</summary>
    public static CaseResult Unsupported(string name, string reason) => new(name, Verdict.Unsupported, reason);

    /// <summary>A failure that is not a numeric mismatch (a missing tensor, an exception).</summary>
    public static CaseResult Fail(string name, string detail) => new(name, Verdict.Fail, detail);

    /// <summary>
    /// One line as the <c>conformance</c> command prints it: <c>PASS name</c>,
    /// <c>FAIL name  max error 3.1e-05 in tensor expected/output</c>, <c>UNSUPPORTED name (reason)</c>.
    /// </summary>
    public override string ToString() => Verdict switch
    {
        Verdict.Pass => $"PASS {Name}",
        Verdict.Unsupported => $"UNSUPPORTED {Name} ({Detail})",
        _ => Tensor is null ? $"FAIL {Name}  {Detail}" : $"FAIL {Name}  max error {MaxError:G3} in tensor {Tensor}{(Detail.Length > 0 ? " (" + Detail + ")" : "")}",
    };
}

/// <summary>Runs the cases of one kind. Register an implementation in <see cref="CaseHandlers"/>.</summary>
public interface ICaseHandler
{
    /// <summary>The manifest kind handled, e.g. <c>module</c>.</summary>
    string Kind { get; }

    /// <summary>Runs <paramref name="c"/> against the tensors of its file. May throw: the runner turns exceptions into failures.</summary>
    CaseResult Run(ConformanceCase c, SafeTensorFile data);
}
