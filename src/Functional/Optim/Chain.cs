using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// Runs transformations one after another, each taking the previous one's updates as its gradients,
/// as <c>optax.chain</c>. Order matters: clipping then scaling is not scaling then clipping.
/// </summary>
/// <param name="Parts">The transformations, applied in order.</param>
public sealed record Chain(ImmutableArray<GradientTransformation> Parts) : GradientTransformation
{
    /// <summary>A chain of a copy of <paramref name="parts"/>.</summary>
    public Chain(IEnumerable<GradientTransformation> parts) : this(parts.ToImmutableArray()) { }

    /// <inheritdoc />
    public override OptState Init<T>(Tree<T> parameters) => new ChainState(Parts.Select(p => p.Init(parameters)));

    /// <inheritdoc />
    public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
    {
        var s = Expect<ChainState>(state);
        if (s.Parts.Length != Parts.Length) throw new ArgumentException($"Chain: {Parts.Length} transforms but {s.Parts.Length} states");
        var next = new OptState[Parts.Length];
        var u = grads;
        for (var i = 0; i < Parts.Length; i++) (u, next[i]) = Parts[i].Update(u, s.Parts[i], parameters);
        return (u, new ChainState(next));
    }

    /// <inheritdoc />
    public override OptState StepSchedule(OptState state, double? metric = null)
    {
        var s = Expect<ChainState>(state);
        return new ChainState(Parts.Select((p, i) => p.StepSchedule(s.Parts[i], metric)));
    }

    /// <summary>Structural equality: the same parts in the same order.</summary>
    public bool Equals(Chain? other) => other is not null && Structural.Equal(Parts, other.Parts);

    /// <inheritdoc />
    public override int GetHashCode() => Parts.Length;

    /// <summary>The parts, e.g. <c>Chain(AddDecayedWeights, ScaleByAdam, ScaleByLearningRate)</c>.</summary>
    public override string ToString() => "Chain(" + string.Join(", ", Parts) + ")";
}

/// <summary>The state of a <see cref="Chain"/>: one state per part, in order.</summary>
/// <param name="Parts">The parts' states.</param>
public sealed record ChainState(ImmutableArray<OptState> Parts) : OptState
{
    /// <summary>The state of a copy of <paramref name="parts"/>.</summary>
    public ChainState(IEnumerable<OptState> parts) : this(parts.ToImmutableArray()) { }

    /// <inheritdoc />
    public override IEnumerable<OptState> Children() => Parts;

    /// <summary>Structural equality: equal part states in the same order.</summary>
    public bool Equals(ChainState? other) => other is not null && Structural.Equal(Parts, other.Parts);

    /// <inheritdoc />
    public override int GetHashCode() => Parts.Length;
}
