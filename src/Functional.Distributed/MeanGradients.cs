using System.Diagnostics;
using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// Averages the gradients across the ranks of <paramref name="Comm"/> before any later transformation sees them, as
/// PyTorch's DistributedDataParallel does in its backward pass. Put it first in a chain:
/// <c>Optim.Chain(Distributed.MeanGradients(comm), Optim.Adam(1e-3))</c>; clipping, weight decay and schedules after it
/// then see the same gradients on every rank, so every rank takes the same step and the parameters stay equal.
/// </summary>
/// <remarks>
/// <para>All leaves are copied into one flat buffer and summed with a single <c>MPI_Allreduce</c> per step (not one per
/// leaf), then divided by the rank count. With slices of unequal size, <see cref="Trainer{T}"/> has already weighted each
/// rank's gradient by <c>n·Size/B</c> (its rows <c>n</c> of the global batch <c>B</c>), so the mean is the gradient of
/// the whole batch: <c>Σ n_r/B · g_r</c>.</para>
/// <para>In a world of one rank this is the identity. Its state counts the steps and the seconds spent in the
/// all-reduce (<see cref="MeanGradientsState"/>).</para>
/// </remarks>
/// <param name="Comm">The ranks to average over.</param>
public sealed record MeanGradients(Communicator Comm) : GradientTransformation
{
    /// <inheritdoc />
    public override OptState Init<T>(Tree<T> parameters) => new MeanGradientsState(0, 0.0);

    /// <inheritdoc />
    public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
    {
        var s = Expect<MeanGradientsState>(state);
        if (Comm.Size == 1) return (grads, s with { Steps = s.Steps + 1 });
        var leaves = grads.Values();
        var total = 0;
        foreach (var l in leaves) total = checked(total + l.Size);
        using var flat = Buffers.Scratch<T>(total);
        var buffer = flat.Span;
        var o = 0;
        foreach (var l in leaves) { l.Span.CopyTo(buffer[o..]); o += l.Size; }
        var clock = Stopwatch.StartNew();
        Comm.AllReduce(buffer);
        var seconds = clock.Elapsed.TotalSeconds;
        var inverse = T.One / T.CreateChecked(Comm.Size);
        var mean = new Tensor<T>[leaves.Count];
        o = 0;
        for (var i = 0; i < mean.Length; i++)
        {
            var n = leaves[i].Size;
            var data = Buffers.Uninitialized<T>(n);
            TP.Multiply(buffer.Slice(o, n), inverse, data);
            mean[i] = new Tensor<T>(leaves[i].Shape, data);
            o += n;
        }
        return (grads.WithLeaves(mean), new MeanGradientsState(s.Steps + 1, s.AllReduceSeconds + seconds));
    }

    /// <summary>E.g. <c>MeanGradients(rank 0 of 2)</c>.</summary>
    public override string ToString() => $"MeanGradients(rank {Comm.Rank} of {Comm.Size})";
}

/// <summary>The state of <see cref="MeanGradients"/>: how many steps it has averaged and the time the all-reduces took.</summary>
/// <param name="Steps">The updates taken.</param>
/// <param name="AllReduceSeconds">The wall-clock seconds spent in <c>MPI_Allreduce</c> over those updates (0 in one process).</param>
public sealed record MeanGradientsState(int Steps, double AllReduceSeconds) : OptState;
