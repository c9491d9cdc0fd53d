using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// Weight decay: adds <c>WeightDecay·p</c> to the updates. Placed <em>before</em> the scaling (Adam, RMSprop, ...)
/// it is the coupled L2 penalty of <c>torch.optim</c>'s <c>weight_decay</c> (<c>g + λp</c>); placed <em>after</em> it and
/// before <see cref="ScaleByLearningRate"/> it is AdamW's decoupled decay (<c>p -= lr·λ·p</c>, with the learning rate
/// in force). Leaves whose dotted path fails <paramref name="Mask"/> are left alone (e.g. no decay on biases).
/// </summary>
/// <param name="WeightDecay">The decay coefficient λ.</param>
/// <param name="Mask">Which leaves to decay, by dotted path; null for all.</param>
public sealed record AddDecayedWeights(double WeightDecay, Func<string, bool>? Mask = null) : GradientTransformation
{
    /// <inheritdoc />
    public override OptState Init<T>(Tree<T> parameters) => EmptyState.Instance;

    /// <inheritdoc />
    public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
    {
        var wd = Leafwise.Of<T>(WeightDecay);
        var u = grads.Zip(parameters, (path, g, p) => Mask is not null && !Mask(path) ? g : Leafwise.New(g, r => TP.MultiplyAdd(p.Span, wd, g.Span, r)));
        return (u, state);
    }
}
