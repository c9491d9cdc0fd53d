using System.Numerics;

namespace Functional;

/// <summary>
/// Applies <paramref name="Inner"/> only to the leaves whose dotted path satisfies <paramref name="Mask"/>
/// (<c>optax.masked</c>): the inner transform sees, and keeps state for, just those leaves; the other leaves'
/// updates pass through unchanged.
/// </summary>
/// <param name="Inner">The transform to apply to the selected leaves.</param>
/// <param name="Mask">Selects leaves by dotted path, e.g. <c>p =&gt; p.EndsWith("weight")</c>.</param>
public sealed record Masked(GradientTransformation Inner, Func<string, bool> Mask) : GradientTransformation
{
    /// <inheritdoc />
    public override OptState Init<T>(Tree<T> parameters) => new MaskedState(Inner.Init(Select(parameters)));

    /// <inheritdoc />
    public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
    {
        var s = Expect<MaskedState>(state);
        var (sub, inner) = Inner.Update(Select(grads), s.Inner, Select(parameters));
        var replaced = sub.Leaves().ToDictionary(l => l.Path, l => l.Value);
        return (grads.Map((path, g) => replaced.TryGetValue(path, out var u) ? u : g), new MaskedState(inner));
    }

    /// <inheritdoc />
    public override OptState StepSchedule(OptState state, double? metric = null)
        => new MaskedState(Inner.StepSchedule(Expect<MaskedState>(state).Inner, metric));

    private PathTree<T> Select<T>(Tree<T> tree) where T : unmanaged, IFloatingPointIeee754<T>
        => new(tree.Leaves().Where(l => Mask(l.Path)).ToList());
}

/// <summary>The state of <see cref="Masked"/>.</summary>
/// <param name="Inner">The inner transform's state (over the selected leaves only).</param>
public sealed record MaskedState(OptState Inner) : OptState
{
    /// <inheritdoc />
    public override IEnumerable<OptState> Children() => [Inner];
}
