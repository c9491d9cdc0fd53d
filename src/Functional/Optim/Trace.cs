using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// Momentum, with <c>torch.optim.SGD</c>'s semantics: <c>buf = Momentum·buf + (1 - Dampening)·g</c>, except on the
/// first step, where <c>buf = g</c>; the update is <c>buf</c>, or <c>g + Momentum·buf</c> with <paramref name="Nesterov"/>.
/// The learning rate multiplies outside the buffer (chain <see cref="ScaleByLearningRate"/> after it), as in PyTorch.
/// </summary>
/// <param name="Momentum">The momentum factor.</param>
/// <param name="Dampening">The dampening of new gradients.</param>
/// <param name="Nesterov">Nesterov momentum.</param>
public sealed record Trace(double Momentum, double Dampening = 0, bool Nesterov = false) : GradientTransformation
{
    /// <inheritdoc />
    public override OptState Init<T>(Tree<T> parameters) => new TraceState<T>(0, parameters.ZerosLike());

    /// <inheritdoc />
    public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
    {
        var s = Expect<TraceState<T>>(state);
        T mom = Leafwise.Of<T>(Momentum), keep = Leafwise.Of<T>(1 - Dampening);
        var buf = s.Count == 0
            ? grads
            : Leafwise.Apply(Name, [s.Buffer, grads], 1, a => [Leafwise.New(a[0], r => { TP.Multiply(a[0].Span, mom, r); TP.MultiplyAdd(a[1].Span, keep, r, r); })])[0];
        var u = Nesterov ? Leafwise.Apply(Name, [grads, buf], 1, a => [Leafwise.New(a[0], r => TP.MultiplyAdd(a[1].Span, mom, a[0].Span, r))])[0] : buf;
        return (u, new TraceState<T>(s.Count + 1, buf));
    }
}

/// <summary>The state of <see cref="Trace"/>.</summary>
/// <param name="Count">The number of updates taken.</param>
/// <param name="Buffer">The momentum buffer (PyTorch's <c>momentum_buffer</c>).</param>
public sealed record TraceState<T>(int Count, Tree<T> Buffer) : OptState, IStepCounter where T : unmanaged, IFloatingPointIeee754<T>;
