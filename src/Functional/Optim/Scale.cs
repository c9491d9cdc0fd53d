using System.Numerics;

namespace Functional;

/// <summary>Multiplies updates by a constant <paramref name="Factor"/>.</summary>
/// <param name="Factor">The factor.</param>
public sealed record Scale(double Factor) : GradientTransformation
{
    /// <inheritdoc />
    public override OptState Init<T>(Tree<T> parameters) => EmptyState.Instance;

    /// <inheritdoc />
    public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
        => (grads.Scale(Leafwise.Of<T>(Factor)), state);
}
