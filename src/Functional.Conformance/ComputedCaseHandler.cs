using System.Text.Json;

namespace Functional.Conformance;

/// <summary>
/// A handler for kinds whose runner computes every expected tensor itself (optimizer, schedule, clip): each tensor
/// it returns is compared with the case file's tensor of the same name.
/// </summary>
/// <param name="kind">The manifest kind handled.</param>
/// <param name="run">Computes the <c>expected/...</c> tensors from the spec and the case's tensors.</param>
public sealed class ComputedCaseHandler(string kind, Func<JsonElement, IReadOnlyDictionary<string, Tensor<double>>, IReadOnlyDictionary<string, Tensor<double>>> run)
    : ICaseHandler
{
    /// <inheritdoc />
    public string Kind => kind;

    /// <inheritdoc />
    public CaseResult Run(ConformanceCase c, SafeTensorFile data)
    {
        var check = new Checker(c, data);
        var computed = run(c.Spec, data.Tensors<double>(""));
        foreach (var name in data.Names.Where(n => n.StartsWith("expected/", StringComparison.Ordinal)))
            check.Compare(name, computed.GetValueOrDefault(name));
        return check.Result();
    }
}
