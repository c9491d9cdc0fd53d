using System.Collections.Immutable;

namespace Functional.Tests.Mpi;

/// <summary>Without mpirun the world has one rank, and data-parallel code runs exactly as a single process does.</summary>
public sealed class SingleRankTests
{
    private static Dataset<double> Data(int rows)
    {
        var x = Tensor.Randn<double>(new Rng(3), rows, 5);
        var y = Tensor.FromDoubles<double>([.. Enumerable.Range(0, rows).Select(i => (double)(i % 3))], rows);
        return new Dataset<double>(x, y);
    }

    [Fact]
    public void TheSingleWorldHasOneRankAndIdentityCollectives()
    {
        var c = Communicator.Single;
        Assert.Equal((0, 1, false), (c.Rank, c.Size, c.IsMpi));
        Span<float> f = [1.5f, 2];
        c.AllReduce(f);
        Assert.Equal([1.5f, 2f], f.ToArray());
        Span<double> d = [3];
        c.Broadcast(d, 0);
        c.Barrier();
        Assert.Equal(3, d[0]);
        Assert.Equal([1.0, 2.0], c.Sum([1.0, 2.0]).ToArray());
        var t = Tensor.FromArray(new double[] { 1, 2 }, 2);
        Assert.Same(t, c.AllReduce(t));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Broadcast(ImmutableArray.Create(1.0), 1));
        Assert.Equal("Communicator(rank 0 of 1)", c.ToString());
    }

    [Fact]
    public void TheWorldOfAProcessNotLaunchedByMpirunIsSingle()
    {
        // The test host is not started by mpirun (the distributed tests launch their own processes).
        Assert.False(Communicator.Launched);
        Assert.Contains("not launched by mpirun", Communicator.NoMpiReason);
        Assert.Same(Communicator.Single, Communicator.World);
    }

    [Fact]
    public void MeanGradientsInOneRankIsTheIdentityAndCountsSteps()
    {
        var net = Nn.Linear(5, 3);
        var p = net.Init<double>(Shape.Of(-1, 5), new Rng(1)).Params;
        var t = Distributed.MeanGradients(Communicator.Single);
        var s = t.Init(p);
        var (u, s2) = t.Update(p, s, p);
        Assert.Same(p, u);
        Assert.Equal(new MeanGradientsState(1, 0), s2);
    }

    [Fact]
    public void ADistributedTrainerInOneRankTrainsAsThePlainTrainer()
    {
        var net = Nn.Sequential(Nn.Linear(5, 8), Nn.BatchNorm1d(8), Nn.ReLU(), Nn.Linear(8, 3));
        var init = net.Init<double>(Shape.Of(-1, 5), new Rng(1));
        var data = Data(70);
        var plain = new Trainer<double>(net, new CrossEntropyLoss(), Optim.Adam(1e-2)) { PoisonRecycled = true };
        var dist = Distributed.Trainer<double>(net, new CrossEntropyLoss(), Optim.Adam(1e-2), Communicator.World) with { PoisonRecycled = true };
        var options = new FitOptions(Epochs: 3, BatchSize: 16);
        var a = plain.Fit(plain.Start(init, new Rng(2)), data, data.Take(20), options);
        var b = dist.Fit(dist.Start(init, new Rng(2)), data, data.Take(20), options);
        Assert.Equal(a.Params.Flatten(), b.Params.Flatten());
        Assert.Equal(a.LayerState.Flatten(), b.LayerState.Flatten());
        Assert.Equal(a.History.TrainLoss.ToArray(), b.History.TrainLoss.ToArray());
        Assert.Equal(a.History.ValidLoss.ToArray(), b.History.ValidLoss.ToArray());
        // The state walks for the arena and the checkpoint: MeanGradients' state is a plain record of scalars.
        Assert.Equal(15, b.Final.OptState.Find<MeanGradientsState>()!.Steps);
    }

    [Fact]
    public void SyncBatchNormInOneRankIsBatchNorm()
    {
        var x = Tensor.Randn<double>(new Rng(5), 6, 3, 4, 4);
        var bn = Nn.BatchNorm2d(3);
        var sync = Distributed.SyncBatchNorm(Communicator.Single, 3);
        var init = bn.Init<double>(x.Shape, new Rng(1));
        var f1 = bn.Forward(init.Params, init.State, x, Context.Train(1));
        var f2 = sync.Forward(init.Params, init.State, x, Context.Train(1));
        Assert.Equal(f1.Output.Span.ToArray(), f2.Output.Span.ToArray());
        Assert.Equal(f1.State.Flatten(), f2.State.Flatten());
        var dy = Tensor.Randn<double>(new Rng(6), 6, 3, 4, 4);
        Assert.Equal(f1.Pullback(dy, true).Input!.Span.ToArray(), f2.Pullback(dy, true).Input!.Span.ToArray());
        Assert.Equal("SyncBatchNorm(3)", sync.ToString());
        Assert.Throws<ShapeMismatchException>(() => sync.Forward(init.Params, init.State, Tensor.Zeros<double>(6), Context.Train(1)));
    }

    [Theory]
    [InlineData(64, 2)]
    [InlineData(65, 2)]
    [InlineData(1, 2)]
    [InlineData(10, 3)]
    [InlineData(7, 1)]
    public void SlicesCoverTheBatchInOrderAndDifferByAtMostOneRow(int count, int size)
    {
        var slices = Enumerable.Range(0, size).Select(r => DataParallel.Slice(count, r, size)).ToArray();
        Assert.Equal(0, slices[0].Start);
        for (var r = 1; r < size; r++) Assert.Equal(slices[r - 1].Start + slices[r - 1].Count, slices[r].Start);
        Assert.Equal(count, slices.Sum(s => s.Count));
        Assert.True(slices.Max(s => s.Count) - slices.Min(s => s.Count) <= 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => DataParallel.Slice(count, size, size));
    }

    [Fact]
    public void MpiErrorsNameTheCall()
    {
        var e = new MpiException("MPI_Allreduce", 5, "MPI_ERR_COUNT: invalid count argument");
        Assert.Equal("MPI_Allreduce failed: MPI_ERR_COUNT: invalid count argument (MPI error 5)", e.Message);
        Assert.Equal(("MPI_Allreduce", 5), (e.Call, e.Code));
    }
}
