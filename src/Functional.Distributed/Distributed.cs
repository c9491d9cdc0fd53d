namespace Functional;

/// <summary>
/// Entry points for data-parallel training: gradient averaging as a gradient transformation and the trainer set up
/// for a communicator. See docs/distributed.md.
/// </summary>
/// <example><code>
/// var comm = Communicator.World;   // launched with: mpirun -np 2 dotnet app.dll
/// var trainer = Distributed.Trainer&lt;float&gt;(net, new NllLoss(), Optim.Adam(1e-3), comm);
/// var run = trainer.Fit(trainer.Start(net.Init&lt;float&gt;(input, new Rng(1)), new Rng(2)), train, valid, new FitOptions(5, 128));
/// if (comm.Rank == 0) Checkpoint.Save("run.safetensors", run);
/// </code></example>
public static class Distributed
{
    /// <summary>
    /// The transformation that averages gradients across <paramref name="comm"/>'s ranks with one all-reduce per
    /// step: put it first, <c>Optim.Chain(Distributed.MeanGradients(comm), Optim.Adam(1e-3))</c>.
    /// </summary>
    /// <param name="comm">The ranks to average over.</param>
    public static GradientTransformation MeanGradients(Communicator comm)
    {
        ArgumentNullException.ThrowIfNull(comm);
        return new MeanGradients(comm);
    }

    /// <summary>
    /// A trainer that trains data-parallel over <paramref name="comm"/>: the optimizer is
    /// <c>Chain(MeanGradients(comm), optimizer)</c> and <see cref="Trainer{T}.Parallel"/> is <paramref name="comm"/>, so each
    /// rank trains on its slice of every global batch and the losses it reports are the global ones.
    /// </summary>
    /// <param name="model">The network.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="optimizer">The optimizer, which sees averaged gradients.</param>
    /// <param name="comm">The ranks.</param>
    public static Trainer<T> Trainer<T>(Layer model, Loss loss, GradientTransformation optimizer, Communicator comm)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(comm);
        return new Trainer<T>(model, loss, Optim.Chain(MeanGradients(comm), optimizer)) { Parallel = comm };
    }

    /// <summary>
    /// A <see cref="Functional.SyncBatchNorm"/> over <paramref name="comm"/>: batch statistics pooled across ranks, as
    /// PyTorch's <c>nn.SyncBatchNorm</c>. Without it, each rank's <see cref="BatchNorm1d"/>/<see cref="BatchNorm2d"/>
    /// normalizes with its own slice's statistics (PyTorch DDP's default).
    /// </summary>
    /// <param name="comm">The ranks.</param>
    /// <param name="numFeatures">The number of channels C.</param>
    /// <param name="eps">Added to the variance before the square root.</param>
    /// <param name="momentum">The weight of the batch statistics in the running update; null for a cumulative average.</param>
    /// <param name="affine">Whether to learn a per-channel <c>weight</c> and <c>bias</c>.</param>
    /// <param name="trackRunningStats">Whether to keep running statistics and use them in eval mode.</param>
    public static SyncBatchNorm SyncBatchNorm(Communicator comm, int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true,
        bool trackRunningStats = true)
        => new(comm, numFeatures, eps, momentum, affine, trackRunningStats);
}
