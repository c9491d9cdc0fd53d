using System.Numerics;

namespace Functional;

/// <summary>
/// Adam's scaling, with <c>torch.optim.Adam</c>'s semantics: <c>m = β1·m + (1 - β1)·g</c>,
/// <c>v = β2·v + (1 - β2)·g²</c> (with <paramref name="Amsgrad"/>, the running maximum of <c>v</c> is used),
/// <c>denom = √v / √(1 - β2^t) + Eps</c> and the update is <c>m / denom / (1 - β1^t)</c>; chain
/// <see cref="ScaleByLearningRate"/> after it for PyTorch's <c>-lr/(1 - β1^t) · m/denom</c>.
/// The whole step is one fused SIMD pass per tensor (see <see cref="AdamKernel"/>), split across threads for large tensors. Moments that fall below the
/// smallest normal number are flushed to zero, so they never slow the arithmetic down (far below any tolerance).
/// </summary>
/// <param name="Beta1">The decay of the first moment.</param>
/// <param name="Beta2">The decay of the second moment.</param>
/// <param name="Eps">Added after the square root of the bias-corrected second moment.</param>
/// <param name="Amsgrad">Use the maximum of past second moments.</param>
public sealed record ScaleByAdam(double Beta1 = 0.9, double Beta2 = 0.999, double Eps = 1e-8, bool Amsgrad = false) : GradientTransformation
{
    /// <inheritdoc />
    public override OptState Init<T>(Tree<T> parameters)
        => new ScaleByAdamState<T>(0, parameters.ZerosLike(), parameters.ZerosLike(), Amsgrad ? parameters.ZerosLike() : null);

    /// <inheritdoc />
    public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
    {
        var s = Expect<ScaleByAdamState<T>>(state);
        var step = s.Count + 1;
        var k = Scalars<T>(step);
        var r = Leafwise.Apply(Name, [grads, s.Mu, s.Nu, s.NuMax ?? s.Nu], 4, a =>
        {
            var n = a[0].Size;
            T[] u = Buffers.Uninitialized<T>(n), m = Buffers.Uninitialized<T>(n), v = Buffers.Uninitialized<T>(n), vmax = Amsgrad ? Buffers.Uninitialized<T>(n) : [];
            T[] g = a[0].data, m0 = a[1].data, v0 = a[2].data, vmax0 = Amsgrad ? a[3].data : [];
            Work.Ranges(n, (i, len) => AdamKernel.Run<T>(g.AsSpan(i, len), m0.AsSpan(i, len), v0.AsSpan(i, len),
                Amsgrad ? vmax0.AsSpan(i, len) : default, u.AsSpan(i, len), m.AsSpan(i, len), v.AsSpan(i, len), Amsgrad ? vmax.AsSpan(i, len) : default, k));
            var shape = a[0].Shape;
            return [new Tensor<T>(shape, u), new Tensor<T>(shape, m), new Tensor<T>(shape, v), Amsgrad ? new Tensor<T>(shape, vmax) : a[0]];
        });
        return (r[0], new ScaleByAdamState<T>(step, r[1], r[2], Amsgrad ? r[3] : null));
    }

    /// <summary>The kernel's scalars for the 1-based <paramref name="step"/> (shared with the fused step, <see cref="FusedAdam"/>).</summary>
    internal AdamKernel.Scalars<T> Scalars<T>(int step) where T : unmanaged, IFloatingPointIeee754<T>
        => new(Leafwise.Of<T>(Beta1), Leafwise.Of<T>(1 - Beta1), Leafwise.Of<T>(Beta2), Leafwise.Of<T>(1 - Beta2),
            Leafwise.Of<T>(1 - Math.Pow(Beta1, step)), Leafwise.Of<T>(Math.Sqrt(1 - Math.Pow(Beta2, step))), Leafwise.Of<T>(Eps));
}

/// <summary>The state of <see cref="ScaleByAdam"/>.</summary>
/// <param name="Count">The number of updates taken (PyTorch's <c>step</c>).</param>
/// <param name="Mu">The first moment (PyTorch's <c>exp_avg</c>).</param>
/// <param name="Nu">The second moment (PyTorch's <c>exp_avg_sq</c>).</param>
/// <param name="NuMax">The running maximum of the second moment, with AMSGrad (<c>max_exp_avg_sq</c>).</param>
public sealed record ScaleByAdamState<T>(int Count, Tree<T> Mu, Tree<T> Nu, Tree<T>? NuMax) : OptState, IStepCounter
    where T : unmanaged, IFloatingPointIeee754<T>;
