using System.Numerics;

namespace Functional;

/// <summary>
/// Skips a step whose gradients contain NaN or ±∞ (<c>optax.apply_if_finite</c>): the updates are zero and the inner
/// state is kept as it was; skipped steps are counted in the state.
/// </summary>
/// <param name="Inner">The transform to protect.</param>
public sealed record ApplyIfFinite(GradientTransformation Inner) : GradientTransformation
{
    /// <inheritdoc />
    public override OptState Init<T>(Tree<T> parameters) => new ApplyIfFiniteState(Inner.Init(parameters), 0, 0, true);

    /// <inheritdoc />
    public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
    {
        var s = Expect<ApplyIfFiniteState>(state);
        if (!AllFinite(grads))
            return (grads.ZerosLike(), s with { NotFiniteCount = s.NotFiniteCount + 1, TotalNotFinite = s.TotalNotFinite + 1, LastFinite = false });
        var (u, inner) = Inner.Update(grads, s.Inner, parameters);
        return (u, new ApplyIfFiniteState(inner, 0, s.TotalNotFinite, true));
    }

    /// <inheritdoc />
    public override OptState StepSchedule(OptState state, double? metric = null)
    {
        var s = Expect<ApplyIfFiniteState>(state);
        return s with { Inner = Inner.StepSchedule(s.Inner, metric) };
    }

    private static bool AllFinite<T>(Tree<T> tree) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var (_, t) in tree.Leaves())
            foreach (var x in t.Span)
                if (!T.IsFinite(x)) return false;
        return true;
    }
}

/// <summary>The state of <see cref="ApplyIfFinite"/>.</summary>
/// <param name="Inner">The inner transform's state.</param>
/// <param name="NotFiniteCount">Consecutive steps skipped so far.</param>
/// <param name="TotalNotFinite">All steps skipped so far.</param>
/// <param name="LastFinite">Whether the last step's gradients were finite.</param>
public sealed record ApplyIfFiniteState(OptState Inner, int NotFiniteCount, int TotalNotFinite, bool LastFinite) : OptState
{
    /// <inheritdoc />
    public override IEnumerable<OptState> Children() => [Inner];
}
