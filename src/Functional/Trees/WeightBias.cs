using System.Numerics;

namespace Functional;

/// <summary>
/// A weight and an optional bias, under PyTorch's names <c>weight</c> and <c>bias</c>: the parameters of
/// <see cref="Linear"/> (weight (out, in)), <see cref="Conv2d"/> (weight (outC, inC, KH, KW)), the affine
/// batch-norm layers (weight and bias (C)) and <see cref="Embedding"/> (weight (num, dim), no bias).
/// </summary>
/// <param name="Weight">The weight.</param>
/// <param name="Bias">The bias, or null for a layer without one.</param>
public sealed record WeightBias<T>(Tensor<T> Weight, Tensor<T>? Bias = null) : Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    protected override Tree<T> Rebuild(LeafVisitor<T> visit) => new WeightBias<T>(visit.Leaf("weight", Weight), visit.OptionalLeaf("bias", Bias));
}
