using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Functional;

/// <summary>
/// Layers run one after another, PyTorch's <c>nn.Sequential</c>. Parameters are a <see cref="TreeList{T}"/> whose
/// children are named <c>0</c>, <c>1</c>, ... exactly as in a PyTorch state dict, or by the names given, as
/// <c>nn.Sequential(OrderedDict(...))</c> names them: <c>new Sequential(("features", f), ("classifier", c))</c> has
/// leaves <c>features.0.weight</c>, ..., <c>classifier.weight</c>. The pullback is the children's pullbacks composed in
/// reverse. Randomness (initialization and the context's key) is split by position, whatever the names.
/// </summary>
/// <example><code>
/// var net = new Sequential(("features", Nn.Sequential(Nn.Linear(4, 8), Nn.ReLU())), ("classifier", Nn.Linear(8, 2)));
/// net.Init&lt;float&gt;(Shape.Of(-1, 4), new Rng(0)).Params.Paths();
/// // [features.0.weight, features.0.bias, classifier.weight, classifier.bias]
/// </code></example>
public sealed class Sequential : Layer
{
    private readonly ImmutableArray<Layer> layers;
    private readonly ImmutableArray<string> names;

    /// <summary>Creates a sequence of <paramref name="layers"/> named by position (kept as given, nested sequences included).</summary>
    public Sequential(params Layer[] layers)
    {
        this.layers = [.. layers];
        names = [.. Enumerable.Range(0, layers.Length).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        IsNamed = false;
    }

    /// <summary>
    /// Creates a sequence of named layers, as <c>nn.Sequential(OrderedDict(...))</c>: each child's parameters and state
    /// are named <c>name.</c>... Names must be distinct, non-empty and free of dots.
    /// </summary>
    public Sequential(params (string Name, Layer Layer)[] children)
    {
        layers = [.. children.Select(c => c.Layer)];
        names = [.. children.Select(c => c.Name)];
        foreach (var name in names) CheckName(name, "Sequential");
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            throw new ArgumentException($"Sequential: child names must be distinct, got [{string.Join(", ", names)}]");
        IsNamed = true;
    }

    /// <summary>The layers, in order.</summary>
    public ImmutableArray<Layer> Layers => layers;

    /// <summary>The children's names, in order: <c>0</c>, <c>1</c>, ... unless names were given.</summary>
    public ImmutableArray<string> Names => names;

    /// <summary>Whether the children were given names (rather than named by position).</summary>
    public bool IsNamed { get; }

    /// <summary>
    /// The sequence of <paramref name="layers"/>, with nested positional sequences spliced in, so composition is
    /// associative. A sequence with named children is a unit (a module with attributes) and is kept whole.
    /// </summary>
    public static Sequential Of(params Layer[] layers)
        => new(layers.SelectMany(l => l is Sequential { IsNamed: false } s ? s.Layers : [l]).ToArray());

    /// <summary>Checks a child name: non-empty and without dots, as PyTorch requires of module names.</summary>
    internal static void CheckName(string name, string owner)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"{owner}: a child name must be non-empty and contain no '.', got '{name}'");
    }

    /// <inheritdoc />
    public override string ToString()
        => "Sequential(" + string.Join(", ", IsNamed ? layers.Select((l, i) => $"{names[i]}: {l}") : layers.Select(l => l.ToString())) + ")";

    /// <inheritdoc />
    public override Initialized<T> Init<T>(Shape input, Rng rng)
    {
        var ps = new Tree<T>[layers.Length];
        var ss = new Tree<T>[layers.Length];
        var shape = input;
        for (var i = 0; i < layers.Length; i++)
        {
            try
            {
                var init = layers[i].Init<T>(shape, rng.Fold((ulong)i));
                (ps[i], ss[i], shape) = (init.Params, init.State, init.Output);
            }
            catch (ShapeMismatchException e) { throw e.Under(names[i]); }
        }
        return new(List(ps), List(ss), shape);
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var p = Expect<TreeList<T>>(parameters);
        var s = Expect<TreeList<T>>(state);
        if (p.Items.Length != layers.Length || s.Items.Length != layers.Length)
            throw new ArgumentException($"{this} has {layers.Length} layers, but the parameters have {p.Items.Length} and the state {s.Items.Length}");
        if (!p.Names.SequenceEqual(names) || !s.Names.SequenceEqual(names))
            throw new ArgumentException($"{this} has children [{string.Join(", ", names)}], but the parameters name [{string.Join(", ", p.Names)}] and the state [{string.Join(", ", s.Names)}]");
        var backs = new Pullback<T>[layers.Length];
        var states = new Tree<T>[layers.Length];
        var x = input;
        for (var i = 0; i < layers.Length; i++)
        {
            try
            {
                if (i + 1 < layers.Length && layers[i] is Linear linear && Rectifier.Of<T>(layers[i + 1]) is { } rectifier)
                {
                    // Linear then ReLU/LeakyReLU: one fused layer with the same bits; the rectifier's slot passes dy through.
                    var f = linear.ForwardRectified(p.Items[i], s.Items[i], x, rectifier);
                    (x, states[i], backs[i]) = (f.Output, f.State, f.Pullback);
                    (states[i + 1], backs[i + 1]) = (s.Items[i + 1], static (dy, needInput) => new Grads<T>(Tree.Empty<T>(), dy));
                    i++;
                    continue;
                }
                var g = layers[i].Forward(p.Items[i], s.Items[i], x, context.Child(i));
                (x, states[i], backs[i]) = (g.Output, g.State, g.Pullback);
            }
            catch (ShapeMismatchException e) { throw e.Under(names[i]); }
        }
        return new(x, List(states), (dy, needInput) =>
        {
            var grads = new Tree<T>[backs.Length];
            var g = dy;
            for (var i = backs.Length - 1; i >= 0; i--)
            {
                var r = backs[i](g!, needInput || i > 0);
                grads[i] = r.Params;
                g = r.Input;
            }
            return new Grads<T>(List(grads), needInput ? g : null);
        });
    }

    /// <summary>The children's trees under this sequence's names; <paramref name="trees"/> is fresh and handed over.</summary>
    private TreeList<T> List<T>(Tree<T>[] trees) where T : unmanaged, IFloatingPointIeee754<T>
        => new(ImmutableCollectionsMarshal.AsImmutableArray(trees), names);
}
