using System.Numerics;

namespace Functional;

/// <summary>
/// Freezes parameters by dotted path: the leaves satisfying <paramref name="Frozen"/> get zero updates, so adding
/// the updates leaves them exactly as they were. Put it last in a chain.
/// </summary>
/// <param name="Frozen">Selects the frozen leaves, e.g. <c>p =&gt; p.StartsWith("0.")</c>.</param>
public sealed record Freeze(Func<string, bool> Frozen) : GradientTransformation
{
    /// <inheritdoc />
    public override OptState Init<T>(Tree<T> parameters) => EmptyState.Instance;

    /// <inheritdoc />
    public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
        => (grads.Map((path, g) => Frozen(path) ? Tensor.ZerosLike(g) : g), state);
}
