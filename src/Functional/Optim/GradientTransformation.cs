using System.Numerics;

namespace Functional;

/// <summary>
/// An optimizer, in Optax's shape: a pair of pure functions. <see cref="Init{T}"/> builds the state for some
/// parameters; <see cref="Update{T}"/> turns gradients into updates and returns the next state. Updates are
/// <em>added</em> to the parameters with <see cref="Optim.ApplyUpdates{T}"/>. Nothing is mutated: the input
/// state stays valid and can be reused. Transformations compose with <see cref="Optim.Chain"/>.
/// </summary>
/// <example><code>
/// var opt = Optim.Adam(1e-3);
/// var s = opt.Init(p);
/// var (u, s2) = opt.Update(g, s, p);
/// p = Optim.ApplyUpdates(p, u);
/// Console.WriteLine(Optim.LearningRate(s2));          // 0.001
/// var mu = s2.Find&lt;ScaleByAdamState&lt;float&gt;&gt;()?.Mu;  // first moments
/// </code></example>
public abstract record GradientTransformation
{
    /// <summary>The initial state for <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameter tree (only its structure and, for some transforms, values are read).</param>
    /// <returns>The state before the first update.</returns>
    public abstract OptState Init<T>(Tree<T> parameters) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Transforms <paramref name="grads"/> into updates.</summary>
    /// <param name="grads">The incoming gradients (or updates of an earlier transform in a chain).</param>
    /// <param name="state">The state returned by <see cref="Init{T}"/> or a previous <see cref="Update{T}"/>.</param>
    /// <param name="parameters">The current parameters (read by weight decay and similar transforms).</param>
    /// <returns>The updates (to be added to the parameters) and the next state.</returns>
    public abstract (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Advances every learning-rate schedule inside <paramref name="state"/> by one epoch, as PyTorch's
    /// <c>scheduler.step()</c> (or <c>scheduler.step(metric)</c> for <see cref="ReduceLROnPlateau"/>) after each epoch.
    /// Transformations without a schedule return the state unchanged.
    /// </summary>
    /// <param name="state">The current state.</param>
    /// <param name="metric">The validation metric of the epoch that just ended (needed by <see cref="ReduceLROnPlateau"/>).</param>
    /// <returns>The state with its schedules one epoch further.</returns>
    public virtual OptState StepSchedule(OptState state, double? metric = null) => state;

    /// <summary>The transform's name in error messages.</summary>
    protected string Name => GetType().Name;

    /// <summary>Casts <paramref name="state"/> to the state type this transform owns, or fails naming both.</summary>
    protected S Expect<S>(OptState state) where S : OptState
        => state as S ?? throw new ArgumentException($"{Name}: expected a state of type {Pretty(typeof(S))}, got {Pretty(state.GetType())}");

    private static string Pretty(Type t) => t.IsGenericType ? t.Name.Split('`')[0] + "<" + string.Join(",", t.GetGenericArguments().Select(a => a.Name)) + ">" : t.Name;
}

/// <summary>
/// The state of a gradient transformation: an immutable, named record. Composite states (chains, masks)
/// expose their parts through <see cref="Children"/>, so any part is one <see cref="Find{S}"/> away.
/// </summary>
public abstract record OptState
{
    /// <summary>The states nested inside this one (empty for a primitive's state).</summary>
    public virtual IEnumerable<OptState> Children() => [];

    /// <summary>This state and every nested one, depth first, this state first.</summary>
    public IEnumerable<OptState> DepthFirst()
    {
        yield return this;
        foreach (var c in Children())
            foreach (var d in c.DepthFirst()) yield return d;
    }

    /// <summary>The first state of type <typeparamref name="S"/> (depth first), or null: <c>s.Find&lt;ScaleByAdamState&lt;float&gt;&gt;()?.Mu</c>.</summary>
    public S? Find<S>() where S : OptState => DepthFirst().OfType<S>().FirstOrDefault();

    /// <summary>Every state of type <typeparamref name="S"/>, depth first.</summary>
    public IEnumerable<S> FindAll<S>() where S : OptState => DepthFirst().OfType<S>();
}

/// <summary>The state of a stateless transform.</summary>
public sealed record EmptyState : OptState
{
    /// <summary>The one empty state.</summary>
    public static EmptyState Instance { get; } = new();

    private EmptyState() { }
}

/// <summary>A state that counts the updates it has taken (used by <see cref="Optim.StepCount"/>).</summary>
public interface IStepCounter
{
    /// <summary>The number of updates applied so far.</summary>
    int Count { get; }
}
