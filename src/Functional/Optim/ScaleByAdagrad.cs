using System.Numerics;

namespace Functional;

/// <summary>
/// Adagrad's scaling, with <c>torch.optim.Adagrad</c>'s semantics: <c>sum += g²</c> (starting at
/// <paramref name="InitialAccumulatorValue"/>), update <c>g / (√sum + Eps)</c>, divided by
/// <c>1 + (step - 1)·LrDecay</c> (PyTorch's <c>clr = lr / (1 + (step - 1)·lr_decay)</c>).
/// </summary>
/// <param name="LrDecay">The learning-rate decay per step.</param>
/// <param name="InitialAccumulatorValue">The initial value of the sum of squares.</param>
/// <param name="Eps">Added after the square root.</param>
public sealed record ScaleByAdagrad(double LrDecay = 0, double InitialAccumulatorValue = 0, double Eps = 1e-10) : GradientTransformation
{
    /// <inheritdoc />
    public override OptState Init<T>(Tree<T> parameters)
        => new ScaleByAdagradState<T>(0, parameters.Map(p => Tensor.Full(Leafwise.Of<T>(InitialAccumulatorValue), p.Shape.ToArray())));

    /// <inheritdoc />
    public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
    {
        var s = Expect<ScaleByAdagradState<T>>(state);
        var step = s.Count + 1;
        T eps = Leafwise.Of<T>(Eps), decay = Leafwise.Of<T>(1 + (step - 1) * LrDecay);
        var r = Leafwise.Apply(Name, [grads, s.Sum], 2, a =>
        {
            ReadOnlySpan<T> g = a[0].Span, sum = a[1].Span;
            var u = Buffers.Uninitialized<T>(g.Length);
            var sum2 = Buffers.Uninitialized<T>(g.Length);
            for (var i = 0; i < g.Length; i++)
            {
                sum2[i] = sum[i] + g[i] * g[i];
                u[i] = g[i] / (T.Sqrt(sum2[i]) + eps);
                if (LrDecay != 0) u[i] /= decay;
            }
            return [new Tensor<T>(a[0].Shape, u), new Tensor<T>(a[0].Shape, sum2)];
        });
        return (r[0], new ScaleByAdagradState<T>(step, r[1]));
    }
}

/// <summary>The state of <see cref="ScaleByAdagrad"/>.</summary>
/// <param name="Count">The number of updates taken.</param>
/// <param name="Sum">The running sum of squared gradients (PyTorch's <c>sum</c>).</param>
public sealed record ScaleByAdagradState<T>(int Count, Tree<T> Sum) : OptState, IStepCounter where T : unmanaged, IFloatingPointIeee754<T>;
