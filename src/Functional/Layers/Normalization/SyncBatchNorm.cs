namespace Functional;

/// <summary>
/// Batch normalization whose training statistics pool every rank's slice of the global batch, PyTorch's
/// <c>nn.SyncBatchNorm</c>: in train mode the per-channel sum, the count and then the centred sum of squares are summed
/// across <see cref="Group"/> (two small all-reduces in the forward pass), and the pullback sums <c>Σdy</c> and
/// <c>Σdy·(x - mean)</c> likewise (one more), so a data-parallel run normalizes exactly as one process on the whole batch
/// would. The running statistics it returns are then the same on every rank. Eval mode reads the running statistics and
/// talks to no one. Any input of rank 2 or more, (N, C, ...), as BatchNorm1d, 2d and 3d.
/// </summary>
/// <remarks>
/// Every rank must run the layer in every step (a collective call), so every global batch needs at least as many rows
/// as there are ranks. In a world of one rank it is <see cref="BatchNorm1d"/>/<see cref="BatchNorm2d"/>. Parameters and
/// state as <see cref="BatchNorm"/>; the parameter gradients are each rank's own, averaged by the optimizer's
/// <c>Distributed.MeanGradients</c> like every other parameter's.
/// </remarks>
/// <param name="group">The ranks that share the statistics.</param>
/// <param name="numFeatures">The number of channels C.</param>
/// <param name="eps">Added to the variance before the square root.</param>
/// <param name="momentum">The weight of the batch statistics in the running update; null for a cumulative average.</param>
/// <param name="affine">Whether to learn a per-channel <c>weight</c> and <c>bias</c>.</param>
/// <param name="trackRunningStats">Whether to keep running statistics and use them in eval mode.</param>
/// <example><code>
/// var net = Nn.Conv2d(1, 8, 3).Then(new SyncBatchNorm(Communicator.World, 8)).Then(Nn.ReLU());
/// </code></example>
public sealed class SyncBatchNorm(IDataParallel group, int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
    : BatchNorm(numFeatures, eps, momentum, affine, trackRunningStats)
{
    /// <summary>The ranks that share the statistics.</summary>
    public IDataParallel Group { get; } = group ?? throw new ArgumentNullException(nameof(group));

    private protected override IDataParallel? SyncGroup => Group;

    /// <inheritdoc />
    protected override bool AcceptsRank(int rank) => rank >= 2;

    /// <inheritdoc />
    protected override string Layout => "(N, C, ...)";
}
