namespace Functional.Cli.Models;

/// <summary>The models <c>--model</c> accepts. Adding a model is one line in <see cref="All"/>.</summary>
public static class ModelRegistry
{
    /// <summary>Every registered model, by name.</summary>
    public static IReadOnlyDictionary<string, IModelFactory> All { get; } = new IModelFactory[]
    {
        new FcModel(),
        new CnnModel(),
        new RnnModel(),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The registered names, in registration order.</summary>
    public static string[] Names => [.. All.Keys];

    /// <summary>The factory named <paramref name="name"/>.</summary>
    /// <exception cref="CliException">No model has that name.</exception>
    public static IModelFactory Get(string name)
        => All.TryGetValue(name, out var f) ? f : throw new CliException($"unknown model '{name}'; known models: {string.Join(", ", Names)}");
}
