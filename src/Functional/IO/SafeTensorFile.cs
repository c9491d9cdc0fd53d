using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// The contents of a safetensors file: named tensors in file order plus the optional
/// <c>__metadata__</c> string map. Read one with <see cref="SafeTensors.Read"/>; write one with
/// <see cref="SafeTensors.Write(string, SafeTensorFile)"/>.
/// </summary>
/// <example><code>
/// var file = SafeTensors.Read("linear.safetensors").ThrowIfFail();
/// Tensor&lt;double&gt; w = file.Get&lt;double&gt;("param/weight");
/// var weights = file.Tensors&lt;double&gt;("param/");   // "weight", "bias", ...
/// </code></example>
public sealed class SafeTensorFile
{
    private readonly Dictionary<string, SafeTensor> byName;

    /// <summary>Where the file was read from (or a name given by the caller); used in error messages.</summary>
    public string Source { get; }

    /// <summary>The tensors, in the order of the file's header.</summary>
    public ImmutableArray<SafeTensor> Entries { get; }

    /// <summary>The <c>__metadata__</c> map (empty when the file has none), in ordinal key order.</summary>
    public ImmutableSortedDictionary<string, string> Metadata { get; }

    /// <summary>Creates a file's contents from tensors with distinct, non-empty names; it keeps copies of both arguments.</summary>
    /// <exception cref="ArgumentException">Two tensors share a name, or a name is empty or <c>__metadata__</c>.</exception>
    public SafeTensorFile(IEnumerable<SafeTensor> entries, IReadOnlyDictionary<string, string>? metadata = null, string source = "<memory>")
    {
        Source = source;
        Entries = [.. entries];
        Metadata = (metadata ?? ImmutableSortedDictionary<string, string>.Empty).ToImmutableSortedDictionary(StringComparer.Ordinal);
        byName = new Dictionary<string, SafeTensor>(StringComparer.Ordinal);
        foreach (var e in Entries)
        {
            if (e.Name.Length == 0 || e.Name == "__metadata__") throw new ArgumentException($"{source}: invalid tensor name '{e.Name}'");
            if (!byName.TryAdd(e.Name, e)) throw new ArgumentException($"{source}: duplicate tensor name '{e.Name}'");
        }
    }

    /// <summary>The tensor names, in file order.</summary>
    public ImmutableArray<string> Names => [.. Entries.Select(e => e.Name)];

    /// <summary>True when the file holds a tensor named <paramref name="name"/>.</summary>
    public bool Contains(string name) => byName.ContainsKey(name);

    /// <summary>The entry named <paramref name="name"/>, if any.</summary>
    public SafeTensor? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>The entry named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such tensor; the message names the file and the tensor.</exception>
    public SafeTensor this[string name]
        => byName.TryGetValue(name, out var e) ? e : throw new KeyNotFoundException($"{Source}: no tensor named '{name}'");

    /// <summary>The tensor named <paramref name="name"/> as <typeparamref name="T"/> (converted from its dtype).</summary>
    /// <exception cref="KeyNotFoundException">No such tensor; the message names the file and the tensor.</exception>
    public Tensor<T> Get<T>(string name) where T : unmanaged, IFloatingPointIeee754<T> => this[name].ToTensor<T>();

    /// <summary>
    /// The tensors whose names start with <paramref name="prefix"/>, keyed by the rest of the name:
    /// <c>Tensors&lt;double&gt;("param/")</c> maps <c>0.weight</c> to the tensor <c>param/0.weight</c>.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor<T>> Tensors<T>(string prefix = "") where T : unmanaged, IFloatingPointIeee754<T>
        => Entries.Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal))
                  .ToDictionary(e => e.Name[prefix.Length..], e => e.ToTensor<T>(), StringComparer.Ordinal);

    /// <summary>Lists the entries, one per line.</summary>
    public override string ToString() => Source + ":\n" + string.Join("\n", Entries.Select(e => "  " + e));
}
