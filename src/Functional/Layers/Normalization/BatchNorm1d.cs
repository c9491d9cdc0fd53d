namespace Functional;

/// <summary>
/// Batch normalization of (N, C) or (N, C, L) input, PyTorch's <c>nn.BatchNorm1d</c>: statistics per
/// channel over the batch (and the length). See <see cref="BatchNorm"/> for the semantics and the state.
/// </summary>
/// <param name="numFeatures">The number of channels C.</param>
/// <param name="eps">Added to the variance before the square root.</param>
/// <param name="momentum">The weight of the batch statistics in the running update; null for a cumulative average.</param>
/// <param name="affine">Whether to learn a per-channel <c>weight</c> and <c>bias</c>.</param>
/// <param name="trackRunningStats">Whether to keep running statistics and use them in eval mode.</param>
/// <example><code>
/// var net = Nn.Linear(20, 64).Then(Nn.BatchNorm1d(64)).Then(Nn.ReLU());
/// </code></example>
public sealed class BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
    : BatchNorm(numFeatures, eps, momentum, affine, trackRunningStats)
{
    /// <inheritdoc />
    protected override bool AcceptsRank(int rank) => rank is 2 or 3;

    /// <inheritdoc />
    protected override string Layout => "(N, C) or (N, C, L)";
}
