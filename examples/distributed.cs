#!/usr/bin/env dotnet
#:project ../src/Functional/Functional.csproj
#:project ../src/Functional.Distributed/Functional.Distributed.csproj
// Data-parallel training over MPI: the diabetes regression of chapters 10-12, trained by every rank on its slice of each
// global batch, with gradients averaged across ranks before Adam (docs/distributed.md).
//   dotnet run -c Release examples/distributed.cs                                           (one process: a world of 1)
//   mpirun -np 2 dotnet run -c Release examples/distributed.cs                              (two ranks, same figures)
// Under root add OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1. The printed losses are global (each rank's
// slice weighted by its rows), so both runs print the same figures up to rounding.
using Functional;

var comm = Communicator.World;
var diabetes = Datasets.Diabetes().ThrowIfFail();
var data = new Dataset<double>(StandardScaler.Fit(diabetes.Features).Transform(diabetes.Features), StandardScaler.Fit(diabetes.Targets).Transform(diabetes.Targets));
var parts = data.RandomSplit([0.8, 0.2], new Rng(1));
var (train, valid) = (parts[0], parts[1]);
var net = Nn.Sequential(Nn.Linear(10, 32), Nn.LeakyReLU(), Nn.Linear(32, 16), Nn.LeakyReLU(), Nn.Linear(16, 1));

// MeanGradients first in the chain; Trainer.Parallel shards the batches and reduces the losses.
var trainer = Distributed.Trainer<double>(net, new MseLoss(), Optim.Adam(1e-2), comm);
var state = trainer.Start(net.Init<double>(Shape.Of(-1, 10), new Rng(2)), new Rng(3));   // checks every rank starts equal
foreach (var e in trainer.Epochs(state, train, valid, new FitOptions(Epochs: 30, BatchSize: 64)))
    if (comm.Rank == 0 && (e.Epoch + 1) % 10 == 0)
        Console.WriteLine($"epoch {e.Epoch + 1}: train {e.TrainLoss:F4}  valid {e.ValidLoss:F4}  ({comm})");
