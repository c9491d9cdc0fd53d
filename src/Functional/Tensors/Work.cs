namespace Functional;

/// <summary>
/// How the library splits element-wise and per-channel work across threads: only into parts whose outputs are
/// disjoint and whose reductions stay whole, so the bits never depend on the thread count. The thread count is
/// <see cref="Blas.Threads"/>, the one knob for all of the library's parallelism.
/// </summary>
internal static class Work
{
    /// <summary>Work (elements touched) below which one thread is faster than waking a second.</summary>
    public const long Grain = 1 << 15;

    /// <summary>Runs <paramref name="body"/>(i) for i in [0, <paramref name="count"/>), in parallel when <paramref name="work"/> is large.</summary>
    public static void For(int count, long work, Action<int> body)
    {
        var threads = Blas.Threads;
        if (count > 1 && threads > 1 && work >= Grain)
            System.Threading.Tasks.Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
        else
            for (var i = 0; i < count; i++) body(i);
    }

    /// <summary>Runs <paramref name="body"/>(start, length) over contiguous parts of [0, <paramref name="length"/>), one part per thread when long enough.</summary>
    public static void Ranges(int length, Action<int, int> body)
    {
        var parts = (int)Math.Min(Blas.Threads, length / Grain);
        if (parts <= 1) { body(0, length); return; }
        System.Threading.Tasks.Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            int start = (int)((long)length * p / parts), end = (int)((long)length * (p + 1) / parts);
            body(start, end - start);
        });
    }

    /// <summary>
    /// Runs two independent parts of one computation, side by side when <see cref="Blas.Threads"/> is at least 2 (the
    /// second on a pool thread that joins the caller's step arena), else one after the other; returns both results. Each
    /// part must write only what it allocates, so the bits do not depend on which ran where. Both parts have finished
    /// when it returns or throws; an exception of the first part wins.
    /// </summary>
    public static (A First, B Second) Both<A, B>(Func<A> first, Func<B> second)
    {
        if (Blas.Threads < 2) return (first(), second());
        var arena = StepArena.Current;
        var other = Task.Run(() =>
        {
            using var joined = StepArena.Join(arena);
            return second();
        });
        A a;
        try { a = first(); }
        catch
        {
            try { other.Wait(); } catch (AggregateException) { }   // the second part must not outlive the call (it rents from the step's arena)
            throw;
        }
        return (a, other.GetAwaiter().GetResult());
    }
}
