using System.Collections.Immutable;
using System.Collections.Concurrent;
using System.Numerics;
using System.Reflection;
using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional;

/// <summary>
/// Builds layers and losses from PyTorch-style JSON specs (<c>{"type": "Linear", "in_features": 6, "out_features": 3}</c>,
/// <c>{"type": "Sequential", "layers": [...]}</c>, <c>{"type": "CrossEntropyLoss", "reduction": "sum"}</c>) and loads
/// their weights by state-dict name, which is how PyTorch models come to .NET.
/// </summary>
/// <remarks>
/// Types are found in a registry: every static method of this assembly marked <see cref="LayerSpecAttribute"/> or
/// <see cref="LossSpecAttribute"/>, plus whatever <see cref="RegisterLayer"/> and <see cref="RegisterLoss"/> add.
/// An unknown type, or an argument the builder did not read, is an <see cref="UnsupportedSpecException"/>;
/// a malformed spec is a <see cref="SpecException"/>. The keys <c>type</c> and <c>mode</c> are never arguments.
/// </remarks>
/// <example><code>
/// var net = ModelSpec.Layer("""{"type":"Sequential","layers":[{"type":"Linear","in_features":4,"out_features":2},{"type":"ReLU"}]}""");
/// var file = SafeTensors.Read("model.safetensors").ThrowIfFail();
/// var model = ModelSpec.LoadWeights(net, Shape.Of(-1, 4), file.Tensors&lt;float&gt;());
/// </code></example>
public static partial class ModelSpec
{
    private static readonly ConcurrentDictionary<string, Func<SpecArgs, Layer>> layers = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Func<SpecArgs, Loss>> losses = new(StringComparer.Ordinal);
    private static readonly Lazy<bool> discovered = new(Discover);

    /// <summary>Adds (or replaces) the builder of layer spec type <paramref name="type"/>.</summary>
    public static void RegisterLayer(string type, Func<SpecArgs, Layer> build) { _ = discovered.Value; layers[type] = build; }

    /// <summary>Adds (or replaces) the builder of loss spec type <paramref name="type"/>.</summary>
    public static void RegisterLoss(string type, Func<SpecArgs, Loss> build) { _ = discovered.Value; losses[type] = build; }

    /// <summary>The layer spec types known, sorted.</summary>
    public static ImmutableArray<string> LayerTypes { get { _ = discovered.Value; return [.. layers.Keys.Order(StringComparer.Ordinal)]; } }

    /// <summary>The loss spec types known, sorted.</summary>
    public static ImmutableArray<string> LossTypes { get { _ = discovered.Value; return [.. losses.Keys.Order(StringComparer.Ordinal)]; } }

    /// <summary>Builds a layer from JSON text.</summary>
    /// <exception cref="SpecException">The spec is malformed (including invalid JSON).</exception>
    /// <exception cref="UnsupportedSpecException">A type or argument is not supported.</exception>
    public static Layer Layer(string json) { using var d = ParseJson(json); return Layer(d.RootElement); }

    /// <summary>Builds a layer from a spec element.</summary>
    /// <exception cref="SpecException">The spec is malformed.</exception>
    /// <exception cref="UnsupportedSpecException">A type or argument is not supported.</exception>
    public static Layer Layer(JsonElement spec) => Layer(new SpecArgs(spec, ""));

    /// <summary>Builds a nested layer (for combinators such as <c>Sequential</c>).</summary>
    public static Layer Layer(SpecArgs spec) => Build(spec, layers, "layer");

    /// <summary>Builds a loss from JSON text.</summary>
    public static Loss Loss(string json) { using var d = ParseJson(json); return Loss(d.RootElement); }

    /// <summary>Builds a loss from a spec element.</summary>
    /// <exception cref="SpecException">The spec is malformed.</exception>
    /// <exception cref="UnsupportedSpecException">A type or argument is not supported.</exception>
    public static Loss Loss(JsonElement spec) => Build(new SpecArgs(spec, ""), losses, "loss");

    private static T Build<T>(SpecArgs args, ConcurrentDictionary<string, Func<SpecArgs, T>> registry, string what)
    {
        _ = discovered.Value;
        if (!registry.TryGetValue(args.Type, out var build))
            throw new UnsupportedSpecException(args.Type, $"{(args.Path.Length == 0 ? "" : args.Path + ": ")}unknown {what} type '{args.Type}'");
        T result;
        try { result = build(args); }
        catch (ArgumentException e) when (e is not ShapeMismatchException) { throw new SpecException($"{args}: {e.Message}"); }
        var unread = args.Unread.ToList();
        if (unread.Count > 0) throw args.Unsupported($"argument{(unread.Count > 1 ? "s" : "")} {string.Join(", ", unread.Select(u => $"'{u}'"))}");
        return result;
    }

    /// <summary>
    /// <see cref="Layer(string)"/> as a <see cref="Validation{FAIL, SUCCESS}"/>: the layer, or every problem found in
    /// the spec at once (every faulty child of a <c>Sequential</c>, each naming its path), so a user fixes them in one go.
    /// </summary>
    /// <example><code>
    /// ModelSpec.ValidateLayer(@"{""type"":""Sequential"",""layers"":[{""type"":""Linear""},{""type"":""Mish""}]}")
    ///     // Fail: [layers[0] (Linear): missing argument 'in_features'; layers[1]: unknown layer type 'Mish']
    /// </code></example>
    public static Validation<Error, Layer> ValidateLayer(string json) => Validate(() => Layer(json));

    /// <summary><see cref="Loss(string)"/> as a <see cref="Validation{FAIL, SUCCESS}"/>, as <see cref="ValidateLayer"/>.</summary>
    public static Validation<Error, Loss> ValidateLoss(string json) => Validate(() => Loss(json));

    // One element's build as a Validation: its documented errors become failures, one per problem. An unsupported
    // element keeps its exception, so that a spec whose only problems are unsupported features is still reported as
    // unsupported (the conformance runner's UNSUPPORTED, not FAIL).
    internal static Validation<Error, T> Validate<T>(Func<T> build)
    {
        try { return Success<Error, T>(build()); }
        catch (SpecException e) { return Fail<Error, T>(e.Problems.Select(p => Error.New(p)).ToSeq()); }
        catch (UnsupportedSpecException e) { return Fail<Error, T>(Error.New(e)); }
    }

    // Every element's result at once: the values when all succeeded, else one exception with every problem. Only
    // unsupported features: an UnsupportedSpecException (the first one's type) that lists them all; else a SpecException.
    internal static IEnumerable<T> ValidateAll<T>(IEnumerable<Validation<Error, T>> elements)
        => elements.ToSeq().Sequence().Match(
            Succ: values => values,
            Fail: errors =>
            {
                var unsupported = errors.Select(e => e.ToException()).OfType<UnsupportedSpecException>().ToList();
                throw unsupported.Count == errors.Count
                    ? new UnsupportedSpecException(unsupported[0].Type, string.Join(Environment.NewLine, unsupported.Select(u => u.Message)))
                    : new SpecException(errors.Select(e => e.ToException() is UnsupportedSpecException u ? u.Message : e.Message));
            });

    private static JsonDocument ParseJson(string json)
    {
        try { return JsonDocument.Parse(PythonJson.Normalize(json)); }
        catch (JsonException e) { throw new SpecException("spec is not valid JSON: " + e.Message); }
    }

    private static bool Discover()
    {
        foreach (var type in typeof(ModelSpec).Assembly.GetTypes())
            foreach (var m in type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                foreach (var a in m.GetCustomAttributes<LayerSpecAttribute>())
                    layers.TryAdd(a.Type, m.CreateDelegate<Func<SpecArgs, Layer>>());
                foreach (var a in m.GetCustomAttributes<LossSpecAttribute>())
                    losses.TryAdd(a.Type, m.CreateDelegate<Func<SpecArgs, Loss>>());
            }
        return true;
    }

    /// <summary>
    /// Parameters (and state) for <paramref name="layer"/> on inputs of shape <paramref name="input"/>, taken by
    /// state-dict name from <paramref name="parameters"/> (and <paramref name="buffers"/>; when null, the state is the
    /// layer's initial one). As PyTorch's strict <c>load_state_dict</c>, a missing name, a wrong shape or a name the
    /// model does not have is an error naming the tensor.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor is missing, unexpected or of the wrong shape.</exception>
    public static Initialized<T> LoadWeights<T>(Layer layer, Shape input, IReadOnlyDictionary<string, Tensor<T>> parameters,
        IReadOnlyDictionary<string, Tensor<T>>? buffers = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var init = layer.Init<T>(input, new Rng(0));
        var p = Strict(init.Params, parameters, "parameter");
        var s = buffers is null ? init.State : Strict(init.State, buffers, "buffer");
        return new Initialized<T>(p, s, init.Output);
    }

    private static Tree<T> Strict<T>(Tree<T> like, IReadOnlyDictionary<string, Tensor<T>> tensors, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var names = like.Paths().ToHashSet(StringComparer.Ordinal);
        var extra = tensors.Keys.Where(k => !names.Contains(k)).ToList();
        if (extra.Count > 0)
            throw new ArgumentException($"unexpected {what}{(extra.Count > 1 ? "s" : "")} {string.Join(", ", extra.Select(e => $"'{e}'"))}; the model has [{string.Join(", ", names)}]");
        try { return like.Load(tensors); }
        catch (KeyNotFoundException e) { throw new ArgumentException($"missing {what}: {e.Message}", e); }
    }
}
