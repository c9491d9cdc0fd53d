namespace Functional;

/// <summary>
/// Where the library's kernels get the arrays behind the tensors they return. Outside a training fold this is
/// plain <c>new T[n]</c>. Inside one (<see cref="StepArena"/>, entered by <see cref="Trainer{T}.Epoch"/> and
/// <see cref="Trainer{T}.Evaluate"/>), large arrays come from the arrays of earlier steps that nothing live can
/// reach any more, which spares the allocator, the collector and the page faults of fresh memory.
/// </summary>
internal static class Buffers
{
    /// <summary>A zeroed array of <paramref name="length"/> elements, as <c>new T[length]</c>.</summary>
    public static T[] New<T>(int length) where T : unmanaged
        => length >= StepArena.MinPooledLength && StepArena.Current is { } arena ? arena.Rent<T>(length, clear: true) : new T[length];

    /// <summary>An array the caller will overwrite entirely, so its contents are unspecified.</summary>
    public static T[] Uninitialized<T>(int length) where T : unmanaged
        => length >= StepArena.MinPooledLength && StepArena.Current is { } arena ? arena.Rent<T>(length, clear: false)
            : GC.AllocateUninitializedArray<T>(length);
}
