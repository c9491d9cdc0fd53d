using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// Cross-entropy on logits, PyTorch's <c>nn.CrossEntropyLoss</c>: log-softmax over the class dimension (1,
/// or 0 for a single sample) followed by <see cref="NllLoss"/>. The target is either class indices, shaped
/// as for <see cref="NllLoss"/>, or class probabilities with the input's shape. <see cref="LabelSmoothing"/>
/// mixes the target with the uniform distribution as PyTorch 1.13 does.
/// </summary>
public sealed class CrossEntropyLoss : Loss
{
    /// <summary>Per-class weights (C), or null for all ones.</summary>
    public ImmutableArray<double>? Weight { get; }

    /// <summary>A class-index target value that contributes nothing (default -100).</summary>
    public int IgnoreIndex { get; }

    /// <summary>The label-smoothing amount ε in [0, 1].</summary>
    public double LabelSmoothing { get; }

    /// <summary>Creates the loss; it keeps a copy of <paramref name="weight"/>.</summary>
    public CrossEntropyLoss(Reduction reduction = Reduction.Mean, IEnumerable<double>? weight = null, int ignoreIndex = -100, double labelSmoothing = 0)
        : base(reduction)
    {
        if (labelSmoothing < 0 || labelSmoothing > 1) throw new ArgumentOutOfRangeException(nameof(labelSmoothing), "label smoothing must lie in [0, 1]");
        (Weight, IgnoreIndex, LabelSmoothing) = (weight?.ToImmutableArray(), ignoreIndex, labelSmoothing);
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tensor<T> input, Tensor<T> target)
    {
        var classDim = input.Rank == 1 ? 0 : 1;
        var logSoftmax = new LogSoftmax(classDim).Forward(input);
        var logp = logSoftmax.Output;
        var inner = input.Shape == target.Shape ? SoftTargets(logp, target) : IndexTargets(logp, target);
        return Result(inner.Output, g => logSoftmax.Pullback(inner.Pullback(g).Input!).Input!);
    }

    private Forward<T> IndexTargets<T>(Tensor<T> logp, Tensor<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var nll = new NllLoss(Reduction, Weight, IgnoreIndex).Forward(logp, target);
        var eps = LabelSmoothing;
        if (eps == 0) return nll;
        // Smoothing term: per sample -Σ_c w_c·logp_c, ignored samples zeroed; the mean divides by Σ w[t].
        var layout = ClassLayout.Of(GetType().Name, logp.Shape, target.Shape);
        var targets = layout.Targets(target, IgnoreIndex, GetType().Name);
        var w = ClassLayout.Weights<T>(Weight, layout.Classes);
        var smooth = Buffers.New<T>(layout.Samples);
        var denominator = T.Zero;
        for (var s = 0; s < layout.Samples; s++)
        {
            if (targets[s] == IgnoreIndex) continue;
            denominator += w[targets[s]];
            for (var c = 0; c < layout.Classes; c++) smooth[s] -= w[c] * logp.data[layout.Index(s, c)];
        }
        var a = T.CreateTruncating(1 - eps);
        var b = T.CreateTruncating(eps / layout.Classes);
        Tensor<T> SmoothGrad(Func<int, T> scale)
        {
            var d = Buffers.New<T>(logp.Size);
            for (var s = 0; s < layout.Samples; s++)
                if (targets[s] != IgnoreIndex)
                    for (var c = 0; c < layout.Classes; c++) d[layout.Index(s, c)] = -w[c] * scale(s);
            return new Tensor<T>(logp.Shape, d);
        }
        var sum = System.Numerics.Tensors.TensorPrimitives.Sum<T>(smooth);
        return Reduction switch
        {
            Reduction.None => Result(nll.Output * a + new Tensor<T>(target.Shape, smooth) * b,
                g => nll.Pullback(g).Input! * a + SmoothGrad(s => g.data[s]) * b),
            Reduction.Sum => Result(Tensor.Scalar(nll.Output.Item() * a + sum * b), g => nll.Pullback(g).Input! * a + SmoothGrad(_ => g.Item()) * b),
            _ => Result(Tensor.Scalar(nll.Output.Item() * a + sum / denominator * b), g => nll.Pullback(g).Input! * a + SmoothGrad(_ => g.Item() / denominator) * b),
        };
    }

    private Forward<T> SoftTargets<T>(Tensor<T> logp, Tensor<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var classDim = logp.Rank == 1 ? 0 : 1;
        var classes = logp.Shape[classDim];
        var w = ClassLayout.Weights<T>(Weight, classes);
        var layout = logp.Rank == 1 ? new ClassLayout(1, classes, 1) : new ClassLayout(logp.Shape[0], classes, logp.Shape.Product(2, logp.Rank));
        var a = T.CreateTruncating(1 - LabelSmoothing);
        var b = T.CreateTruncating(LabelSmoothing / classes);
        var coef = Buffers.New<T>(logp.Size);          // d loss_s / d logp = -w_c·t'_c
        var loss = Buffers.New<T>(layout.Samples);
        for (var s = 0; s < layout.Samples; s++)
            for (var c = 0; c < classes; c++)
            {
                var i = layout.Index(s, c);
                coef[i] = -w[c] * (target.data[i] * a + b);
                loss[s] += coef[i] * logp.data[i];
            }
        var perSample = logp.Rank == 1 ? Shape.Scalar : new Shape(new[] { logp.Shape[0] }.Concat(logp.Shape.Skip(2)).ToArray());
        Tensor<T> Grad(Func<int, T> scale)
        {
            var d = Buffers.New<T>(logp.Size);
            for (var s = 0; s < layout.Samples; s++)
                for (var c = 0; c < classes; c++) { var i = layout.Index(s, c); d[i] = coef[i] * scale(s); }
            return new Tensor<T>(logp.Shape, d);
        }
        var sum = System.Numerics.Tensors.TensorPrimitives.Sum<T>(loss);
        var n = T.CreateTruncating(layout.Samples);
        return Reduction switch
        {
            Reduction.None => Result(new Tensor<T>(perSample, loss), g => Grad(s => g.data[s])),
            Reduction.Sum => Result(Tensor.Scalar(sum), g => Grad(_ => g.Item())),
            _ => Result(Tensor.Scalar(sum / n), g => Grad(_ => g.Item() / n)),
        };
    }
}
