namespace Functional.Tests.Support;

/// <summary>
/// Tests that change <see cref="Functional.Blas.Threads"/>, a process-wide setting, run in this collection, which xunit
/// runs alone: OpenBLAS's bits depend on its thread count (its one-thread small-matrix path rounds differently), so a
/// change in the middle of another test's two runs would make a bit-for-bit comparison there fail at random.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalBlasThreads
{
    /// <summary>The collection's name.</summary>
    public const string Name = "global BLAS threads";
}
