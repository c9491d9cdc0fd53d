using System.Numerics;

namespace Functional;

/// <summary>
/// RMSprop's scaling, with <c>torch.optim.RMSprop</c>'s semantics: <c>sq = Alpha·sq + (1 - Alpha)·g²</c>;
/// centered, <c>ga = Alpha·ga + (1 - Alpha)·g</c> and <c>avg = √(sq - ga²)</c>, otherwise <c>avg = √sq</c>;
/// <c>Eps</c> is added after the square root. With momentum, <c>buf = Momentum·buf + g/(avg + Eps)</c> (from zero)
/// is the update; otherwise <c>g/(avg + Eps)</c>.
/// </summary>
/// <param name="Alpha">The smoothing constant.</param>
/// <param name="Eps">Added after the square root.</param>
/// <param name="Centered">Normalize by the estimated variance instead of the second moment.</param>
/// <param name="Momentum">The momentum factor (0 for none).</param>
public sealed record ScaleByRms(double Alpha = 0.99, double Eps = 1e-8, bool Centered = false, double Momentum = 0) : GradientTransformation
{
    /// <inheritdoc />
    public override OptState Init<T>(Tree<T> parameters)
        => new ScaleByRmsState<T>(0, parameters.ZerosLike(), Centered ? parameters.ZerosLike() : null, Momentum > 0 ? parameters.ZerosLike() : null);

    /// <inheritdoc />
    public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
    {
        var s = Expect<ScaleByRmsState<T>>(state);
        T alpha = Leafwise.Of<T>(Alpha), keep = Leafwise.Of<T>(1 - Alpha), eps = Leafwise.Of<T>(Eps), mom = Leafwise.Of<T>(Momentum);
        var r = Leafwise.Apply(Name, [grads, s.SquareAvg, s.GradAvg ?? grads, s.MomentumBuffer ?? grads], 4, a =>
        {
            ReadOnlySpan<T> g = a[0].Span, sq = a[1].Span, ga = a[2].Span, buf = a[3].Span;
            int n = g.Length;
            T[] u = Buffers.Uninitialized<T>(n), sq2 = Buffers.Uninitialized<T>(n), ga2 = Centered ? Buffers.Uninitialized<T>(n) : [], buf2 = Momentum > 0 ? Buffers.Uninitialized<T>(n) : [];
            for (var i = 0; i < n; i++)
            {
                sq2[i] = sq[i] * alpha + keep * g[i] * g[i];
                T avg;
                if (Centered)
                {
                    ga2[i] = ga[i] * alpha + keep * g[i];
                    avg = T.Sqrt(sq2[i] - ga2[i] * ga2[i]);
                }
                else avg = T.Sqrt(sq2[i]);
                avg += eps;
                if (Momentum > 0) u[i] = buf2[i] = buf[i] * mom + g[i] / avg;
                else u[i] = g[i] / avg;
            }
            var shape = a[0].Shape;
            return [new Tensor<T>(shape, u), new Tensor<T>(shape, sq2), Centered ? new Tensor<T>(shape, ga2) : a[0], Momentum > 0 ? new Tensor<T>(shape, buf2) : a[0]];
        });
        return (r[0], new ScaleByRmsState<T>(s.Count + 1, r[1], Centered ? r[2] : null, Momentum > 0 ? r[3] : null));
    }
}

/// <summary>The state of <see cref="ScaleByRms"/>.</summary>
/// <param name="Count">The number of updates taken.</param>
/// <param name="SquareAvg">The running average of squared gradients (PyTorch's <c>square_avg</c>).</param>
/// <param name="GradAvg">The running average of gradients, when centered (PyTorch's <c>grad_avg</c>).</param>
/// <param name="MomentumBuffer">The momentum buffer, when momentum is used.</param>
public sealed record ScaleByRmsState<T>(int Count, Tree<T> SquareAvg, Tree<T>? GradAvg, Tree<T>? MomentumBuffer) : OptState, IStepCounter
    where T : unmanaged, IFloatingPointIeee754<T>;
