using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// Optimizers as composable state transitions (Optax's shape). The named optimizers are chains of primitives that
/// reproduce <c>torch.optim</c> number for number: the same kwargs, defaults, order of weight decay, placement of
/// <c>eps</c> and of the learning rate. Every optimizer also accepts a <see cref="Schedule"/> as its learning rate.
/// </summary>
/// <example><code>
/// var opt = Optim.Adam(1e-3);
/// var s = opt.Init(p);
/// var (u, s2) = opt.Update(g, s, p);
/// p = Optim.ApplyUpdates(p, u);
/// double lr = Optim.LearningRate(s2);   int t = Optim.StepCount(s2);
/// var clipped = Optim.Chain(new ClipByGlobalNorm(1.0), Optim.AdamW(3e-4));
/// </code></example>
public static class Optim
{
    /// <summary>Adds the updates to the parameters, <c>p + u</c> leaf by leaf (<c>optax.apply_updates</c>).</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="updates">The updates from <see cref="GradientTransformation.Update{T}"/>.</param>
    public static Tree<T> ApplyUpdates<T>(Tree<T> parameters, Tree<T> updates) where T : unmanaged, IFloatingPointIeee754<T>
        => parameters.Zip(updates, (p, u) => Leafwise.New(p, r =>
        {
            if (u.Size != r.Length) throw new ArgumentException($"ApplyUpdates: an update of shape {u.Shape} for a parameter of shape {p.Shape}");
            Work.Ranges(r.Length, (i, n) => TP.Add(p.data.AsSpan(i, n), u.data.AsSpan(i, n), r.AsSpan(i, n)));
        }));

    /// <summary>Chains transformations, applied in order (<c>optax.chain</c>).</summary>
    /// <param name="parts">The transformations.</param>
    public static GradientTransformation Chain(params GradientTransformation[] parts) => new Chain(parts);

    /// <summary>The learning rate in force in <paramref name="state"/> (that of its first schedule), for the next update.</summary>
    /// <param name="state">An optimizer state.</param>
    public static double LearningRate(OptState state)
        => state.Find<ScheduleState>()?.Lr ?? throw new ArgumentException($"state {state.GetType().Name} holds no learning rate");

    /// <summary>The number of updates taken, from the first step counter in <paramref name="state"/> (skipped non-finite steps are not counted).</summary>
    /// <param name="state">An optimizer state.</param>
    public static int StepCount(OptState state)
        => state.DepthFirst().OfType<IStepCounter>().FirstOrDefault()?.Count ?? throw new ArgumentException($"state {state.GetType().Name} holds no step count");

    /// <summary><c>torch.optim.SGD</c>: <c>d = g + λp</c>; with momentum <c>buf = m·buf + (1 - dampening)·d</c> (first <c>buf = d</c>),
    /// <c>d = buf</c> or, Nesterov, <c>d + m·buf</c>; <c>p -= lr·d</c>.</summary>
    /// <param name="lr">The learning rate.</param>
    /// <param name="momentum">The momentum factor.</param>
    /// <param name="dampening">The dampening for momentum.</param>
    /// <param name="nesterov">Nesterov momentum (needs momentum &gt; 0 and no dampening).</param>
    /// <param name="weightDecay">The L2 penalty.</param>
    public static GradientTransformation Sgd(double lr, double momentum = 0, double dampening = 0, bool nesterov = false, double weightDecay = 0)
        => Sgd(Schedule.Constant(lr), momentum, dampening, nesterov, weightDecay);

    /// <summary><c>torch.optim.SGD</c> with a learning-rate schedule.</summary>
    /// <param name="lr">The learning-rate schedule.</param>
    /// <param name="momentum">The momentum factor.</param>
    /// <param name="dampening">The dampening for momentum.</param>
    /// <param name="nesterov">Nesterov momentum (needs momentum &gt; 0 and no dampening).</param>
    /// <param name="weightDecay">The L2 penalty.</param>
    public static GradientTransformation Sgd(Schedule lr, double momentum = 0, double dampening = 0, bool nesterov = false, double weightDecay = 0)
    {
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentException("Sgd: Nesterov momentum requires a momentum and zero dampening");
        return Build(weightDecay == 0 ? null : new AddDecayedWeights(weightDecay),
                     momentum == 0 ? null : new Trace(momentum, dampening, nesterov),
                     new ScaleByLearningRate(lr));
    }

    /// <summary><c>torch.optim.Adagrad</c>: <c>d = g + λp</c>; <c>sum += d²</c>; <c>p -= lr/(1 + (t-1)·lr_decay) · d/(√sum + eps)</c>.</summary>
    /// <param name="lr">The learning rate.</param>
    /// <param name="lrDecay">The learning-rate decay per step.</param>
    /// <param name="weightDecay">The L2 penalty.</param>
    /// <param name="initialAccumulatorValue">The initial sum of squares.</param>
    /// <param name="eps">Added after the square root.</param>
    public static GradientTransformation Adagrad(double lr = 1e-2, double lrDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double eps = 1e-10)
        => Adagrad(Schedule.Constant(lr), lrDecay, weightDecay, initialAccumulatorValue, eps);

    /// <summary><c>torch.optim.Adagrad</c> with a learning-rate schedule.</summary>
    /// <param name="lr">The learning-rate schedule.</param>
    /// <param name="lrDecay">The learning-rate decay per step.</param>
    /// <param name="weightDecay">The L2 penalty.</param>
    /// <param name="initialAccumulatorValue">The initial sum of squares.</param>
    /// <param name="eps">Added after the square root.</param>
    public static GradientTransformation Adagrad(Schedule lr, double lrDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double eps = 1e-10)
        => Build(weightDecay == 0 ? null : new AddDecayedWeights(weightDecay), new ScaleByAdagrad(lrDecay, initialAccumulatorValue, eps), new ScaleByLearningRate(lr));

    /// <summary><c>torch.optim.RMSprop</c>: <c>d = g + λp</c>; <c>sq = α·sq + (1-α)·d²</c>; <c>avg = √sq</c> (centered: <c>√(sq - ga²)</c>) <c>+ eps</c>;
    /// <c>p -= lr·d/avg</c>, or with momentum <c>buf = m·buf + d/avg</c>, <c>p -= lr·buf</c>.</summary>
    /// <param name="lr">The learning rate.</param>
    /// <param name="alpha">The smoothing constant.</param>
    /// <param name="eps">Added after the square root.</param>
    /// <param name="weightDecay">The L2 penalty.</param>
    /// <param name="momentum">The momentum factor.</param>
    /// <param name="centered">Normalize by the estimated variance.</param>
    public static GradientTransformation RmsProp(double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        => RmsProp(Schedule.Constant(lr), alpha, eps, weightDecay, momentum, centered);

    /// <summary><c>torch.optim.RMSprop</c> with a learning-rate schedule.</summary>
    /// <param name="lr">The learning-rate schedule.</param>
    /// <param name="alpha">The smoothing constant.</param>
    /// <param name="eps">Added after the square root.</param>
    /// <param name="weightDecay">The L2 penalty.</param>
    /// <param name="momentum">The momentum factor.</param>
    /// <param name="centered">Normalize by the estimated variance.</param>
    public static GradientTransformation RmsProp(Schedule lr, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        => Build(weightDecay == 0 ? null : new AddDecayedWeights(weightDecay), new ScaleByRms(alpha, eps, centered, momentum), new ScaleByLearningRate(lr));

    /// <summary><c>torch.optim.Adam</c>: <c>d = g + λp</c> (coupled L2); moments of <c>d</c>; <c>p -= lr/(1-β1^t) · m/(√v/√(1-β2^t) + eps)</c>.</summary>
    /// <param name="lr">The learning rate.</param>
    /// <param name="beta1">The first-moment decay.</param>
    /// <param name="beta2">The second-moment decay.</param>
    /// <param name="eps">Added after the square root of the bias-corrected second moment.</param>
    /// <param name="weightDecay">The (coupled) L2 penalty.</param>
    /// <param name="amsgrad">Use the maximum of past second moments.</param>
    public static GradientTransformation Adam(double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
        => Adam(Schedule.Constant(lr), beta1, beta2, eps, weightDecay, amsgrad);

    /// <summary><c>torch.optim.Adam</c> with a learning-rate schedule.</summary>
    /// <param name="lr">The learning-rate schedule.</param>
    /// <param name="beta1">The first-moment decay.</param>
    /// <param name="beta2">The second-moment decay.</param>
    /// <param name="eps">Added after the square root of the bias-corrected second moment.</param>
    /// <param name="weightDecay">The (coupled) L2 penalty.</param>
    /// <param name="amsgrad">Use the maximum of past second moments.</param>
    public static GradientTransformation Adam(Schedule lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
        => Build(weightDecay == 0 ? null : new AddDecayedWeights(weightDecay), new ScaleByAdam(beta1, beta2, eps, amsgrad), new ScaleByLearningRate(lr));

    /// <summary><c>torch.optim.AdamW</c>: decoupled decay <c>p -= lr·λ·p</c> with the learning rate in force, then the Adam step on the raw gradient.</summary>
    /// <param name="lr">The learning rate.</param>
    /// <param name="beta1">The first-moment decay.</param>
    /// <param name="beta2">The second-moment decay.</param>
    /// <param name="eps">Added after the square root of the bias-corrected second moment.</param>
    /// <param name="weightDecay">The decoupled weight decay λ.</param>
    /// <param name="amsgrad">Use the maximum of past second moments.</param>
    public static GradientTransformation AdamW(double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false)
        => AdamW(Schedule.Constant(lr), beta1, beta2, eps, weightDecay, amsgrad);

    /// <summary><c>torch.optim.AdamW</c> with a learning-rate schedule.</summary>
    /// <param name="lr">The learning-rate schedule.</param>
    /// <param name="beta1">The first-moment decay.</param>
    /// <param name="beta2">The second-moment decay.</param>
    /// <param name="eps">Added after the square root of the bias-corrected second moment.</param>
    /// <param name="weightDecay">The decoupled weight decay λ.</param>
    /// <param name="amsgrad">Use the maximum of past second moments.</param>
    public static GradientTransformation AdamW(Schedule lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false)
        => Build(new ScaleByAdam(beta1, beta2, eps, amsgrad), weightDecay == 0 ? null : new AddDecayedWeights(weightDecay), new ScaleByLearningRate(lr));

    private static GradientTransformation Build(params GradientTransformation?[] parts) => new Chain(parts.OfType<GradientTransformation>().ToArray());
}
