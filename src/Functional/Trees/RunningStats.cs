using System.Numerics;

namespace Functional;

/// <summary>
/// The non-trainable state of the batch-norm layers, under PyTorch's buffer names <c>running_mean</c> (C, initialized
/// to 0), <c>running_var</c> (C, initialized to 1) and <c>num_batches_tracked</c>. The count is held as a scalar
/// tensor of <typeparamref name="T"/> (PyTorch's is a 0-dim int64; checkpoints write it as I64).
/// </summary>
/// <param name="RunningMean">The running mean, (C).</param>
/// <param name="RunningVar">The running (unbiased) variance, (C).</param>
/// <param name="NumBatchesTracked">The number of train-mode calls so far, a one-element tensor.</param>
public sealed record RunningStats<T>(Tensor<T> RunningMean, Tensor<T> RunningVar, Tensor<T> NumBatchesTracked) : Tree<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    protected override Tree<T> Rebuild(LeafVisitor<T> visit)
        => new RunningStats<T>(visit.Leaf("running_mean", RunningMean), visit.Leaf("running_var", RunningVar), visit.Leaf("num_batches_tracked", NumBatchesTracked));
}
