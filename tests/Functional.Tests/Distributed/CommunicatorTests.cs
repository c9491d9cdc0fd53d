namespace Functional.Tests.Mpi;

/// <summary>The binding's collectives under mpirun, and the start-up check that every rank holds the same parameters.</summary>
[Collection(MpiCollection.Name)]
public sealed class CommunicatorTests
{
    [MpiTheory]
    [InlineData(2)]
    [InlineData(3)]
    public void CollectivesSumAndBroadcastAcrossRanks(int ranks)
    {
        var run = MpiRun.Run(ranks, MpiRun.Driver, ["collectives"]);
        Assert.True(run.Exit == 0, run.ToString());
        for (var r = 0; r < ranks; r++) Assert.Contains($"rank {r} of {ranks}: collectives ok (Communicator(rank {r} of {ranks}, MPI))", run.Out);
    }

    [MpiFact]
    public void RanksStartedFromDifferentSeedsFailTogetherWithOneMessage()
    {
        var run = MpiRun.Run(2, MpiRun.Driver, ["differ"]);
        Assert.NotEqual(0, run.Exit);
        Assert.DoesNotContain("started", run.Out);
        Assert.Contains("the initial parameters differ between ranks: 1 of 2 rank(s) hold values other than rank 0's", run.Err);
        // Alone, the same program starts fine: one rank always agrees with itself.
        var alone = MpiRun.Run(0, MpiRun.Driver, ["differ"]);
        Assert.True(alone.Exit == 0, alone.ToString());
    }
}
