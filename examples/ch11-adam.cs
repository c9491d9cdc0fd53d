#!/usr/bin/env dotnet
#:project ../src/Functional/Functional.csproj
#:include Shared/Options.cs
// Chapter 11: the same minibatch training as chapter 10, with Adam instead of SGD.
//   dotnet run -c Release examples/ch11-adam.cs [-- --epochs 500 --seed 0]
// The book uses California housing, which cannot be fetched offline; this app uses scikit-learn's diabetes set,
// shipped in data/ (442 rows, 10 raw features, target = disease progression after one year). The features AND
// the target are standardized (StandardScaler on the whole set, as the chapter has no split yet), so the MSE is
// in units of the target's variance; the RMSE is also printed in the target's own units.
// Model 10-32-16-1 with LeakyReLU, MSE, Optim.Adam(lr 1e-3), batch 256 (2 batches per epoch: 256 + 186 rows),
// the training set reshuffled every epoch by the Trainer.
using Functional;

var cli = new Options(args);

var epochs = cli.Int("--epochs", 500);
var seed = cli.Int("--seed", 0);
const double lr = 1e-3;
const int batchSize = 256;

var diabetes = Datasets.Diabetes().ThrowIfFail();
var xScaler = StandardScaler.Fit(diabetes.Features);
var yScaler = StandardScaler.Fit(diabetes.Targets);
var data = new Dataset<float>(xScaler.Transform(diabetes.Features).Cast<float>(), yScaler.Transform(diabetes.Targets).Cast<float>());
Console.WriteLine($"{diabetes.Name}: {data}, standardized; batch {batchSize}, {epochs} epochs, Adam lr {lr}");

var model = Nn.Sequential(Nn.Linear(10, 32), Nn.LeakyReLU(), Nn.Linear(32, 16), Nn.LeakyReLU(), Nn.Linear(16, 1));
var trainer = new Trainer<float>(model, new MseLoss(), Optim.Adam(lr));
var state = trainer.Start(model.Init<float>(Shape.Of(-1, 10), new Rng((ulong)seed)), new Rng((ulong)seed).Fold(1));

var interval = Math.Max(1, epochs / 10);
var run = trainer.Fit(state, data, valid: null, new FitOptions(epochs, batchSize), observer: e =>
{
    if (e is TrainingEvent.EpochEnd { Record: var r } && (r.Epoch + 1) % interval == 0)
        Console.WriteLine($"Epoch {r.Epoch + 1}: mean batch loss={r.TrainLoss:F4}");
});

var mse = trainer.Evaluate(run.Final.Params, run.Final.LayerState, data, data.Count);
Console.WriteLine($"final MSE on the whole set (standardized target): {mse:F4}; RMSE {Math.Sqrt(mse) * yScaler.Scale[0]:F2} in progression units");
