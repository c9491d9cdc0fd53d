using System.Numerics;

namespace Functional;

/// <summary>An L1 penalty on the parameters: adds <c>Lambda·sign(p)</c> to the updates (the gradient of <c>λ·Σ|p|</c>, with sign(0) = 0).</summary>
/// <param name="Lambda">The penalty coefficient.</param>
/// <param name="Mask">Which leaves to penalize, by dotted path; null for all.</param>
public sealed record AddL1Penalty(double Lambda, Func<string, bool>? Mask = null) : GradientTransformation
{
    /// <inheritdoc />
    public override OptState Init<T>(Tree<T> parameters) => EmptyState.Instance;

    /// <inheritdoc />
    public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
    {
        var l = Leafwise.Of<T>(Lambda);
        var u = grads.Zip(parameters, (path, g, p) => Mask is not null && !Mask(path) ? g : Leafwise.New(g, r =>
        {
            ReadOnlySpan<T> gs = g.Span, ps = p.Span;
            for (var i = 0; i < r.Length; i++) r[i] = gs[i] + l * T.CreateTruncating(T.Sign(ps[i]));
        }));
        return (u, state);
    }
}
