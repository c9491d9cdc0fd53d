using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// Negative log-likelihood on log-probabilities, PyTorch's <c>nn.NLLLoss</c>. The input is (N, C) or
/// (N, C, d1, ...) with classes on dimension 1 (or (C) alone); the target holds class indices, shaped
/// (N) or (N, d1, ...), stored as whole numbers. Each term is <c>-w[t]·x[t]</c>; the mean divides by the sum
/// of the weights of the targets that are not <see cref="IgnoreIndex"/>, as PyTorch does.
/// </summary>
public sealed class NllLoss : Loss
{
    /// <summary>Per-class weights (C), or null for all ones.</summary>
    public ImmutableArray<double>? Weight { get; }

    /// <summary>A target value that contributes nothing (PyTorch's default -100).</summary>
    public int IgnoreIndex { get; }

    /// <summary>Creates the loss; it keeps a copy of <paramref name="weight"/>.</summary>
    public NllLoss(Reduction reduction = Reduction.Mean, IEnumerable<double>? weight = null, int ignoreIndex = -100) : base(reduction)
        => (Weight, IgnoreIndex) = (weight?.ToImmutableArray(), ignoreIndex);

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tensor<T> input, Tensor<T> target)
    {
        var layout = ClassLayout.Of(GetType().Name, input.Shape, target.Shape);
        var targets = layout.Targets(target, IgnoreIndex, GetType().Name);
        var w = ClassLayout.Weights<T>(Weight, layout.Classes);
        var loss = Buffers.New<T>(layout.Samples);
        var coef = Buffers.New<T>(layout.Samples);      // d loss_s / d x[s, t_s]
        var total = T.Zero;
        for (var s = 0; s < layout.Samples; s++)
        {
            if (targets[s] == IgnoreIndex) continue;
            var ws = w[targets[s]];
            loss[s] = -ws * input.data[layout.Index(s, targets[s])];
            coef[s] = -ws;
            total += ws;
        }
        var lossT = new Tensor<T>(target.Shape, loss);
        Tensor<T> Grad(Func<int, T> scale)
        {
            var dx = Buffers.New<T>(input.Size);
            for (var s = 0; s < layout.Samples; s++)
                if (targets[s] != IgnoreIndex) dx[layout.Index(s, targets[s])] = coef[s] * scale(s);
            return new Tensor<T>(input.Shape, dx);
        }
        return Reduction switch
        {
            Reduction.None => Result(lossT, g => Grad(s => g.data[s])),
            Reduction.Sum => Result(Tensor.Scalar(System.Numerics.Tensors.TensorPrimitives.Sum<T>(loss)), g => Grad(_ => g.Item())),
            _ => Result(Tensor.Scalar(System.Numerics.Tensors.TensorPrimitives.Sum<T>(loss) / total), g => Grad(_ => g.Item() / total)),
        };
    }
}

/// <summary>Where the class dimension and the samples lie in a class-index loss's input.</summary>
internal readonly record struct ClassLayout(int Outer, int Classes, int Inner)
{
    public int Samples => Outer * Inner;

    /// <summary>The flat input index of class <paramref name="c"/> for sample <paramref name="s"/>.</summary>
    public int Index(int s, int c) => (s / Inner) * Classes * Inner + c * Inner + s % Inner;

    public static ClassLayout Of(string loss, Shape input, Shape target)
    {
        if (input.Rank == 1)
        {
            if (target.Rank != 0) throw new ShapeMismatchException($"{loss}: input {input} needs a scalar target, got {target}");
            return new(1, input[0], 1);
        }
        if (input.Rank < 2) throw new ShapeMismatchException($"{loss} expects input (N, C, ...), got {input}");
        var expected = new List<int> { input[0] };
        for (var a = 2; a < input.Rank; a++) expected.Add(input[a]);
        if (target != new Shape(expected.ToArray()))
            throw new ShapeMismatchException($"{loss}: input {input} needs target {new Shape(expected.ToArray())}, got {target}");
        return new(input[0], input[1], input.Product(2, input.Rank));
    }

    public int[] Targets<T>(Tensor<T> target, int ignoreIndex, string loss) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = new int[target.Size];
        for (var i = 0; i < r.Length; i++)
        {
            var v = double.CreateTruncating(target.data[i]);
            var c = (int)v;
            if (c != v || (c != ignoreIndex && (c < 0 || c >= Classes))) throw new ClassTargetException(loss, i, v, Classes);
            r[i] = c;
        }
        return r;
    }

    public static T[] Weights<T>(ImmutableArray<double>? weight, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (weight is { } given && given.Length != classes)
            throw new ArgumentException($"class weights have {given.Length} entries for {classes} classes");
        var w = Buffers.New<T>(classes);
        for (var c = 0; c < classes; c++) w[c] = weight is { } g ? T.CreateTruncating(g[c]) : T.One;
        return w;
    }
}
