using System.Collections.Immutable;

namespace Functional;

/// <summary>A malformed model or loss spec: a missing argument, a value of the wrong JSON type. The message names where in the spec.</summary>
public sealed class SpecException : FormatException
{
    /// <summary>Creates the exception with a message that names the spec element and the fault.</summary>
    public SpecException(string message) : this([message]) { }

    /// <summary>An error for several problems at once (e.g. one per faulty child of a <c>Sequential</c>), one per line.</summary>
    public SpecException(IEnumerable<string> problems) : this(problems.ToImmutableArray()) { }

    private SpecException(ImmutableArray<string> problems) : base(string.Join(Environment.NewLine, problems)) => Problems = problems;

    /// <summary>Every problem found, each naming its element (e.g. <c>layers[2] (Linear): missing argument 'in_features'</c>).</summary>
    public ImmutableArray<string> Problems { get; }
}

/// <summary>
/// A well-formed spec that this library cannot build: an unknown <c>type</c>, or an argument (or value) the
/// layer does not support. The conformance runner reports such cases as UNSUPPORTED rather than failed.
/// </summary>
public sealed class UnsupportedSpecException : NotSupportedException
{
    /// <summary>The spec type concerned, e.g. <c>LSTM</c>.</summary>
    public string Type { get; }

    /// <summary>Creates the exception for spec type <paramref name="type"/>.</summary>
    public UnsupportedSpecException(string type, string message) : base(message) => Type = type;
}

/// <summary>
/// Marks a static method <c>Layer M(SpecArgs args)</c> as the builder of spec type <see cref="Type"/>.
/// <see cref="ModelSpec"/> finds every such method in this assembly, so a new layer registers itself with one
/// attribute in its own file.
/// </summary>
/// <param name="type">The PyTorch class name, e.g. <c>BatchNorm1d</c>.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class LayerSpecAttribute(string type) : Attribute
{
    /// <summary>The PyTorch class name.</summary>
    public string Type { get; } = type;
}

/// <summary>Marks a static method <c>Loss M(SpecArgs args)</c> as the builder of loss spec type <see cref="Type"/>; see <see cref="LayerSpecAttribute"/>.</summary>
/// <param name="type">The PyTorch class name, e.g. <c>MSELoss</c>.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class LossSpecAttribute(string type) : Attribute
{
    /// <summary>The PyTorch class name.</summary>
    public string Type { get; } = type;
}
