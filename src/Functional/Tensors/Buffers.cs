using System.Buffers;

namespace Functional;

/// <summary>
/// The one place the library's kernels get memory. Outside a training fold a result array is plain <c>new T[n]</c>.
/// Inside one (<see cref="StepArena"/>, entered by <see cref="Trainer{T}.Epoch"/> and <see cref="Trainer{T}.Evaluate"/>),
/// large result arrays come from the arrays of earlier steps that nothing live can reach any more, which spares the
/// allocator, the collector and the page faults of fresh memory.
/// </summary>
/// <remarks>
/// <para>Which to call when:</para>
/// <list type="bullet">
/// <item><see cref="New{T}"/>: the array behind a tensor a kernel returns, when the kernel accumulates into it
/// (it starts zeroed). It may be arena-rented.</item>
/// <item><see cref="Uninitialized{T}"/>: the array behind a tensor a kernel returns, when the kernel writes every
/// element. It may be arena-rented.</item>
/// <item><see cref="Scratch{T}"/>: memory a kernel needs only during the call (packed GEMM panels, im2col columns,
/// a lane copied out of a strided tensor), on any thread. It is pooled, never arena-rented (the arena recycles by
/// what the step's result can reach, and scratch is reachable from nothing), and goes back to the pool when the
/// lease is disposed: <c>using var cols = Buffers.Scratch&lt;T&gt;(n);</c>. Its contents start unspecified.</item>
/// <item><c>stackalloc</c>: scratch with a small bound known before the call: the GEMM micro-kernel's tile
/// (<c>MR</c> × 2 vectors), a file header's few bytes, and a lane of at most <see cref="StackElements"/> elements.
/// Anything larger, or unbounded, is <see cref="Scratch{T}"/>.</item>
/// <item><c>new T[n]</c>: only for arrays that leave the library as something other than a tensor's data (a
/// <c>double[]</c> a caller asked for, a MathNet matrix, metric results, index arrays, file bytes). The arena
/// walks tensors only, so such arrays must never come from it.</item>
/// </list>
/// </remarks>
internal static class Buffers
{
    /// <summary>The largest per-call scratch, in elements, that a kernel may <c>stackalloc</c> (at most 2 KB of doubles).</summary>
    public const int StackElements = 256;

    /// <summary>A zeroed array of <paramref name="length"/> elements for a tensor's data, as <c>new T[length]</c>.</summary>
    public static T[] New<T>(int length) where T : unmanaged
        => length >= StepArena.MinPooledLength && StepArena.Current is { } arena ? arena.Rent<T>(length, clear: true) : new T[length];

    /// <summary>An array for a tensor's data that the caller will overwrite entirely, so its contents are unspecified.</summary>
    public static T[] Uninitialized<T>(int length) where T : unmanaged
        => length >= StepArena.MinPooledLength && StepArena.Current is { } arena ? arena.Rent<T>(length, clear: false)
            : GC.AllocateUninitializedArray<T>(length);

    /// <summary>
    /// Scratch memory of at least <paramref name="length"/> elements for the duration of one call, from the shared
    /// pool (never from the step arena); dispose the lease to return it. Its contents are unspecified.
    /// </summary>
    public static ScratchLease<T> Scratch<T>(int length) where T : unmanaged => new(ArrayPool<T>.Shared.Rent(length), length);
}

/// <summary>A pooled scratch array on loan from <see cref="Buffers.Scratch{T}"/>; disposing it returns the array.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly struct ScratchLease<T> : IDisposable where T : unmanaged
{
    private readonly int length;

    internal ScratchLease(T[] array, int length)
    {
        Array = array;
        this.length = length;
    }

    /// <summary>The array; it may be longer than asked for, and only the first <see cref="Span"/>.Length elements are the caller's.</summary>
    public T[] Array { get; }

    /// <summary>Exactly the elements asked for.</summary>
    public Span<T> Span => Array.AsSpan(0, length);

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        if (Array is { Length: > 0 }) ArrayPool<T>.Shared.Return(Array);
    }
}
