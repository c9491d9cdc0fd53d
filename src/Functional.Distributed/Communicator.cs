using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using Functional.Native;

namespace Functional;

/// <summary>
/// A group of ranks that talk through MPI: this process's <see cref="Rank"/> and the group's <see cref="Size"/>, with
/// the collectives data-parallel training needs (<see cref="AllReduce(Span{float})"/> as a sum over float and double
/// buffers, <see cref="Broadcast(Span{float}, int)"/>, <see cref="Barrier"/>). The value is immutable; its collectives
/// are calls every rank makes in the same order. Launched by <c>mpirun</c>, <see cref="World"/> spans every rank;
/// otherwise (no <c>libmpi.so.40</c>, or not under <c>mpirun</c>) it is a world of one rank where every collective is the
/// identity, so code written for N ranks runs unchanged in one process.
/// </summary>
/// <remarks>
/// MPI is initialized on first use of <see cref="World"/> (<c>MPI_Init_thread</c>, serialized) and finalized when the
/// process exits; MPI's errors return to the caller (<c>MPI_ERRORS_RETURN</c>) and surface as <see cref="MpiException"/>.
/// </remarks>
/// <example><code>
/// var comm = Communicator.World;                          // rank and size from mpirun, or (0, 1)
/// var total = comm.Sum([localLoss * localCount, localCount]);
/// var trainer = new Trainer&lt;float&gt;(net, loss, Optim.Chain(Distributed.MeanGradients(comm), Optim.Adam(1e-3))) { Parallel = comm };
/// </code></example>
public sealed record Communicator : IDataParallel
{
    private readonly nint handle;

    private Communicator(int rank, int size, nint handle) => (Rank, Size, this.handle) = (rank, size, handle);

    /// <inheritdoc />
    public int Rank { get; }

    /// <inheritdoc />
    public int Size { get; }

    /// <summary>Whether this communicator goes through MPI (false for the one-rank world of a process not launched by mpirun).</summary>
    public bool IsMpi => handle != 0;

    /// <summary>A world of one rank, without MPI: every collective is the identity.</summary>
    public static Communicator Single { get; } = new(0, 1, 0);

    private static readonly Lazy<Communicator> world = new(StartWorld, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Every rank of the job: MPI's <c>MPI_COMM_WORLD</c> when the process was launched by <c>mpirun</c> (or
    /// <c>srun</c>), else <see cref="Single"/>. The first use initializes MPI.
    /// </summary>
    /// <exception cref="MpiException">MPI was launched but failed to initialize.</exception>
    public static Communicator World => world.Value;

    /// <summary>
    /// Why <see cref="World"/> is (or would be) a single process without MPI, or null when the process runs under MPI:
    /// "not launched by mpirun", or the library is missing.
    /// </summary>
    public static string? NoMpiReason => !Launched ? "not launched by mpirun (no OMPI_COMM_WORLD_SIZE, PMIX_RANK or PMI_RANK in the environment)"
        : Mpi.TryLoad(out var reason) ? null : reason;

    /// <summary>
    /// Whether a launcher started this process as one rank of a job: OpenMPI's <c>mpirun</c> sets
    /// <c>OMPI_COMM_WORLD_SIZE</c>, a PMIx launcher (<c>mpirun</c>, Slurm's <c>srun --mpi=pmix</c>) sets <c>PMIX_RANK</c>,
    /// and a PMI-1/2 launcher sets <c>PMI_RANK</c>.
    /// </summary>
    public static bool Launched
        => Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is not null
           || Environment.GetEnvironmentVariable("PMIX_RANK") is not null
           || Environment.GetEnvironmentVariable("PMI_RANK") is not null;

    private static unsafe Communicator StartWorld()
    {
        if (NoMpiReason is not null) return Single;
        int initialized;
        Mpi.Check(Mpi.Initialized(&initialized), "MPI_Initialized");
        if (initialized == 0)
        {
            int provided;
            Mpi.Check(Mpi.InitThread(null, null, Mpi.ThreadSerialized, &provided), "MPI_Init_thread");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Finish();
        }
        var comm = Mpi.CommWorld;
        Mpi.Check(Mpi.CommSetErrhandler(comm, Mpi.ErrorsReturn), "MPI_Comm_set_errhandler");
        int rank, size;
        Mpi.Check(Mpi.CommRank(comm, &rank), "MPI_Comm_rank");
        Mpi.Check(Mpi.CommSize(comm, &size), "MPI_Comm_size");
        return new Communicator(rank, size, comm);
    }

    private static unsafe void Finish()
    {
        int finalized;
        if (Mpi.Finalized(&finalized) != Mpi.Success || finalized != 0) return;
        // A process leaving with an error must not leave the other ranks waiting in a collective: abort the job.
        if (Environment.ExitCode != 0) Mpi.Abort(Mpi.CommWorld, Environment.ExitCode);
        Mpi.FinalizeFn();
    }

    /// <summary>
    /// Ends the whole job at once (<c>MPI_Abort</c>): every rank exits with <paramref name="code"/>, and mpirun prints
    /// one line saying which rank aborted. Call it when this rank cannot go on (an exception the others cannot see),
    /// so they do not wait forever in their next collective. Without MPI, exits the process.
    /// </summary>
    /// <param name="code">The exit code (non-zero).</param>
    public unsafe void Abort(int code)
    {
        if (IsMpi) Mpi.Abort(handle, code);
        Environment.Exit(code);
    }

    /// <summary>Sums <paramref name="buffer"/> element-wise over every rank, in place (<c>MPI_Allreduce</c> with <c>MPI_SUM</c>).</summary>
    /// <param name="buffer">This rank's values; on return, the sum over ranks. Every rank passes the same length.</param>
    /// <exception cref="MpiException">The call failed; the message names it and quotes MPI's error string.</exception>
    public void AllReduce(Span<float> buffer) => AllReduce(buffer, Mpi.Float);

    /// <summary>Sums <paramref name="buffer"/> element-wise over every rank, in place (<c>MPI_Allreduce</c> with <c>MPI_SUM</c>).</summary>
    /// <param name="buffer">This rank's values; on return, the sum over ranks. Every rank passes the same length.</param>
    /// <exception cref="MpiException">The call failed; the message names it and quotes MPI's error string.</exception>
    public void AllReduce(Span<double> buffer) => AllReduce(buffer, Mpi.Double);

    /// <summary>The element-wise sum of <paramref name="values"/> over every rank, as a new tensor (the input is left alone).</summary>
    public Tensor<T> AllReduce<T>(Tensor<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!IsMpi) return values;
        var data = values.Span.ToArray();
        AllReduce<T>(data);
        return new Tensor<T>(values.Shape, data);
    }

    /// <summary>Sums a float or double span over every rank, in place.</summary>
    internal void AllReduce<T>(Span<T> buffer) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) AllReduce(MemoryMarshal.Cast<T, float>(buffer));
        else if (typeof(T) == typeof(double)) AllReduce(MemoryMarshal.Cast<T, double>(buffer));
        else throw new NotSupportedException($"AllReduce: element type {typeof(T).Name} is not supported (float or double)");
    }

    private unsafe void AllReduce<T>(Span<T> buffer, nint type) where T : unmanaged
    {
        if (!IsMpi || buffer.IsEmpty) return;
        fixed (T* p = buffer)
            Mpi.Check(Mpi.Allreduce(Mpi.InPlace, p, buffer.Length, type, Mpi.OpSum, handle), "MPI_Allreduce");
    }

    /// <summary>Replaces <paramref name="buffer"/> with rank <paramref name="root"/>'s (<c>MPI_Bcast</c>).</summary>
    /// <param name="buffer">The root's values; on the other ranks, overwritten with them. Every rank passes the same length.</param>
    /// <param name="root">The rank that sends.</param>
    public void Broadcast(Span<float> buffer, int root) => Broadcast(buffer, root, Mpi.Float);

    /// <summary>Replaces <paramref name="buffer"/> with rank <paramref name="root"/>'s (<c>MPI_Bcast</c>).</summary>
    /// <param name="buffer">The root's values; on the other ranks, overwritten with them. Every rank passes the same length.</param>
    /// <param name="root">The rank that sends.</param>
    public void Broadcast(Span<double> buffer, int root) => Broadcast(buffer, root, Mpi.Double);

    private unsafe void Broadcast<T>(Span<T> buffer, int root, nint type) where T : unmanaged
    {
        if (root < 0 || root >= Size) throw new ArgumentOutOfRangeException(nameof(root), $"Broadcast: root {root} is not a rank of a world of size {Size}");
        if (!IsMpi || buffer.IsEmpty) return;
        fixed (T* p = buffer)
            Mpi.Check(Mpi.Bcast(p, buffer.Length, type, root, handle), "MPI_Bcast");
    }

    /// <summary>Waits until every rank has called it (<c>MPI_Barrier</c>).</summary>
    public unsafe void Barrier()
    {
        if (IsMpi) Mpi.Check(Mpi.Barrier(handle), "MPI_Barrier");
    }

    /// <inheritdoc />
    public ImmutableArray<double> Sum(ImmutableArray<double> values)
    {
        var data = values.ToArray();
        AllReduce(data.AsSpan());
        return [.. data];
    }

    /// <inheritdoc />
    public ImmutableArray<double> Broadcast(ImmutableArray<double> values, int root)
    {
        var data = values.ToArray();
        Broadcast(data.AsSpan(), root);
        return [.. data];
    }

    /// <summary>Structural equality: the same rank of the same group.</summary>
    public bool Equals(Communicator? other) => other is not null && Rank == other.Rank && Size == other.Size && handle == other.handle;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Rank, Size);

    /// <summary>E.g. <c>Communicator(rank 1 of 2, MPI)</c>.</summary>
    public override string ToString() => $"Communicator(rank {Rank} of {Size}{(IsMpi ? ", MPI" : "")})";
}
