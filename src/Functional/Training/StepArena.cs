using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Functional;

/// <summary>
/// Recycles the arrays a training step owns. A step allocates its activations, pullback caches, gradients,
/// updates and the next state; once the next step has produced the state after that, everything of the earlier
/// step that the live state cannot reach is dead, and its arrays can back the next step's tensors.
/// </summary>
/// <remarks>
/// <para>This is the functional counterpart of JAX's buffer donation, and it is invisible from outside: only
/// arrays that the arena itself handed out during the fold are recycled, never the caller's input state, and the
/// fold's result keeps its arrays for good. Whether an array is live is decided by walking the state after each
/// step (<see cref="Reachable{T}"/>): its parameters, layer state and every tensor of the optimizer state, found through
/// every field of the state, public or not. If the
/// walk meets a value it does not understand, the arena stops recycling for the rest of the fold rather than guess.</para>
/// <para>The contract this asks of layers, losses and optimizers is the one purity already implies: a tensor made
/// during a step may be kept only by the value the step returns, not stashed elsewhere (a static cache, say).</para>
/// <para>The arena belongs to the thread that entered it; kernels running on other threads allocate normally, unless
/// they <see cref="Join"/> it for one part of a step (the two directions of a bidirectional layer): renting is
/// thread-safe, and the step ends on the owning thread after every part is done.</para>
/// </remarks>
internal sealed class StepArena : IDisposable
{
    /// <summary>Arrays shorter than this (in elements) are left to the collector's nursery, where they are cheap.</summary>
    public const int MinPooledLength = 4096;

    [ThreadStatic] private static StepArena? current;

    /// <summary>The arena of the fold running on this thread, or null.</summary>
    public static StepArena? Current => current;

    private readonly StepArena? outer;
    private readonly Dictionary<(Type, int), Stack<Array>> free = [];
    private readonly List<Array> rented = [];
    private readonly Lock gate = new();
    private HashSet<Array> owned = new(ReferenceEqualityComparer.Instance);
    private bool recycling = true;

    private readonly bool poison;

    private StepArena(StepArena? outer, bool poison) => (this.outer, this.poison) = (outer, poison);

    /// <summary>The environment variable that turns on <see cref="Trainer{T}.PoisonRecycled"/> by default: <c>1</c> or <c>true</c>.</summary>
    public const string DebugVariable = "FUNCTIONAL_ARENA_DEBUG";

    /// <summary>Whether <see cref="DebugVariable"/> asks for poisoning.</summary>
    public static bool DebugFromEnvironment => Environment.GetEnvironmentVariable(DebugVariable) is "1" or "true" or "TRUE" or "True";

    /// <summary>
    /// Makes a new arena current on this thread until it is disposed. With <paramref name="poison"/>, every array is
    /// filled with NaN (all bits set) the moment it is found dead, so a tensor someone kept against the contract shows
    /// NaN at once instead of silently taking another step's values.
    /// </summary>
    public static StepArena Enter(bool poison = false) => current = new StepArena(current, poison);

    /// <summary>Whether the arena still recycles (false after a walk met a value it could not see through).</summary>
    public bool Recycling => recycling;

    /// <summary>An array of <paramref name="length"/> elements, reused when a dead one of that length exists.</summary>
    public T[] Rent<T>(int length, bool clear) where T : unmanaged
    {
        T[]? a = null;
        lock (gate)
        {
            if (free.TryGetValue((typeof(T), length), out var stack) && stack.Count > 0) a = (T[])stack.Pop();
        }
        if (a is not null) { if (clear) Array.Clear(a); }
        else a = clear ? new T[length] : GC.AllocateUninitializedArray<T>(length);
        lock (gate)
        {
            if (recycling) rented.Add(a);
        }
        return a;
    }

    /// <summary>
    /// Makes <paramref name="arena"/> (the caller's <see cref="Current"/>, possibly null) current on this worker thread until
    /// the result is disposed, so that one part of a step run here rents from the step's arena. The owner must wait for
    /// the part to finish before it ends the step.
    /// </summary>
    public static Joined Join(StepArena? arena)
    {
        var previous = current;
        current = arena;
        return new Joined(previous);
    }

    /// <summary>A <see cref="Join"/> in force; disposing it restores the worker's previous arena.</summary>
    public readonly struct Joined : IDisposable
    {
        private readonly StepArena? previous;

        internal Joined(StepArena? previous) => this.previous = previous;

        /// <summary>Leaves the joined arena.</summary>
        public void Dispose() => current = previous;
    }

    /// <summary>
    /// Ends a step whose result can reach exactly the arrays in <paramref name="live"/> (null: the step's result
    /// holds nothing the arena handed out, as in evaluation). Every array the arena handed out that is not live goes back to the pool.
    /// </summary>
    public void EndStep(IEnumerable<Array>? live)
    {
        if (!recycling) return;
        HashSet<Array> keep;
        try { keep = live is null ? new(ReferenceEqualityComparer.Instance) : new(live, ReferenceEqualityComparer.Instance); }
        catch (UnreachableWalkException)
        {
            recycling = false;
            rented.Clear();
            owned.Clear();
            free.Clear();
            return;
        }
        var next = new HashSet<Array>(ReferenceEqualityComparer.Instance);
        foreach (var a in owned) Settle(a, keep, next);
        foreach (var a in rented) Settle(a, keep, next);
        rented.Clear();
        owned = next;
    }

    private void Settle(Array a, HashSet<Array> keep, HashSet<Array> next)
    {
        if (keep.Contains(a)) { next.Add(a); return; }
        if (poison) MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(a), checked((int)(a.Length * ElementSize(a))))).Fill(0xFF);
        var key = (a.GetType().GetElementType()!, a.Length);
        if (!free.TryGetValue(key, out var stack)) free[key] = stack = new Stack<Array>();
        stack.Push(a);
    }

    private static long ElementSize(Array a) => a switch { float[] => 4, double[] => 8, int[] => 4, long[] => 8, byte[] => 1, _ => Marshal.SizeOf(a.GetType().GetElementType()!) };

    /// <summary>
    /// Steps outside this arena until the result is disposed: allocations on this thread meanwhile come from the
    /// arena that was current before it (usually none), so code run between steps (an observer) owns what it makes.
    /// </summary>
    public Suspension Suspend()
    {
        if (current == this) current = outer;
        return new Suspension(this);
    }

    /// <summary>A <see cref="Suspend"/> in force; disposing it makes the arena current again.</summary>
    public readonly struct Suspension : IDisposable
    {
        private readonly StepArena arena;

        internal Suspension(StepArena arena) => this.arena = arena;

        /// <summary>Re-enters the suspended arena.</summary>
        public void Dispose() => current = arena;
    }

    /// <summary>Leaves the arena: the thread's previous arena (usually none) is current again.</summary>
    public void Dispose()
    {
        if (current == this) current = outer;
    }

    /// <summary>Every array a training state can reach: parameters, layer state and the optimizer state's tensors.</summary>
    public static IEnumerable<Array> Reachable<T>(TrainState<T> state) where T : unmanaged, IFloatingPointIeee754<T>
        => Arrays(state.Params).Concat(Arrays(state.LayerState)).Concat(Arrays<T>(state.OptState));

    private static IEnumerable<Array> Arrays<T>(Tree<T> tree) where T : unmanaged, IFloatingPointIeee754<T>
        => tree.Values().Select(v => (Array)v.data);

    private static readonly ConditionalWeakTable<Type, FieldInfo[]> fields = [];

    // Every instance field of the state's type and its base types, public or not: a record's properties are backed by
    // fields, and a custom state may keep tensors in private members that no public property shows.
    private static FieldInfo[] Fields(Type type)
        => fields.GetValue(type, t =>
        {
            var all = new List<FieldInfo>();
            for (var c = t; c is not null && c != typeof(object); c = c.BaseType)
                all.AddRange(c.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly));
            return [.. all];
        });

    private static IEnumerable<Array> Arrays<T>(OptState state) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var f in Fields(state.GetType()))
        {
            switch (f.GetValue(state))
            {
                case null or string or Enum or Rng: break;
                case ValueType v when v.GetType().IsPrimitive: break;
                case Tensor<T> t: yield return t.data; break;
                case Tree<T> tree: foreach (var a in Arrays(tree)) yield return a; break;
                case OptState child: foreach (var a in Arrays<T>(child)) yield return a; break;
                case IEnumerable<OptState> list: foreach (var c in list) foreach (var a in Arrays<T>(c)) yield return a; break;
                case var other: throw new UnreachableWalkException(other.GetType());
            }
        }
    }

    private sealed class UnreachableWalkException(Type type) : Exception($"cannot see inside a value of type {type}");
}
