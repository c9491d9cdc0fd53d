using System.Collections.Immutable;

namespace Functional.Cli.Models;

/// <summary>The models <c>--model</c> accepts. Adding a model is one line in <see cref="All"/>.</summary>
public static class ModelRegistry
{
    /// <summary>Every registered model, in registration order.</summary>
    public static ImmutableArray<IModelFactory> All { get; } =
    [
        new FcModel(),
        new CnnModel(),
        new RnnModel(),
    ];

    /// <summary>The registered names, in registration order.</summary>
    public static ImmutableArray<string> Names { get; } = [.. All.Select(f => f.Name)];

    /// <summary>The factory named <paramref name="name"/>.</summary>
    /// <exception cref="CliException">No model has that name.</exception>
    public static IModelFactory Get(string name)
        => All.FirstOrDefault(f => f.Name == name) ?? throw new CliException($"unknown model '{name}'; known models: {string.Join(", ", Names)}");
}
