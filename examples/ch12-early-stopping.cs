#!/usr/bin/env dotnet
#:project ../src/Functional/Functional.csproj
#:project ../src/Functional.Plots/Functional.Plots.csproj
#:include Shared/Options.cs
// Chapter 12: train/validation/test split, a scaler fit on the training split only, and early stopping that
// restores the weights of the lowest validation loss.
//   dotnet run -c Release examples/ch12-early-stopping.cs [-- --epochs 2000 --patience 50 --seed 0]
// Data: scikit-learn's diabetes set from data/ (California housing, the book's set, is not available offline).
// Split 60/20/20 (265/88/89 rows) with Dataset.RandomSplit's rule; features and target standardized with
// scalers fit on the training rows. Model 10-32-16-1 with LeakyReLU, MSE, Adam lr 1e-3, batch 256, shuffled.
// Writes runs/ch12-split.txt (the row indices of each part, for examples/pytorch/ch12.py) and runs/ch12-loss.png.
using Functional;
using Functional.Plots;

var cli = new Options(args);

var epochs = cli.Int("--epochs", 2000);
var patience = cli.Int("--patience", 50);
var seed = cli.Int("--seed", 0);
const double lr = 1e-3;
const int batchSize = 256;

var diabetes = Datasets.Diabetes().ThrowIfFail();
var all = diabetes.ToDataset<double>();
// RandomSplit's rule, spelled out so the indices can be saved: shuffle, then cut at floor(n·0.6), floor(n·0.2), rest.
var perm = new Rng((ulong)seed).Fold(42).Permutation(all.Count);
var counts = Dataset<double>.SplitCounts(all.Count, [0.6, 0.2, 0.2]);
var parts = new int[3][];
for (int i = 0, start = 0; i < 3; start += counts[i], i++) parts[i] = perm[start..(start + counts[i])];
Directory.CreateDirectory("runs");
File.WriteAllLines("runs/ch12-split.txt", parts.Select((p, i) => $"{new[] { "train", "valid", "test" }[i]} {string.Join(' ', p)}"));

var (trainRaw, validRaw, testRaw) = (all.Select(parts[0]), all.Select(parts[1]), all.Select(parts[2]));
var xScaler = StandardScaler.Fit(trainRaw.Features);
var yScaler = StandardScaler.Fit(trainRaw.Targets);
Dataset<float> Scale(Dataset<double> d) => new(xScaler.Transform(d.Features).Cast<float>(), yScaler.Transform(d.Targets).Cast<float>());
var (train, valid, test) = (Scale(trainRaw), Scale(validRaw), Scale(testRaw));
Console.WriteLine($"{diabetes.Name}: train {train.Count}, valid {valid.Count}, test {test.Count}; scalers fit on train; " +
                  $"batch {batchSize}, up to {epochs} epochs, patience {patience}");

var model = Nn.Sequential(Nn.Linear(10, 32), Nn.LeakyReLU(), Nn.Linear(32, 16), Nn.LeakyReLU(), Nn.Linear(16, 1));
var trainer = new Trainer<float>(model, new MseLoss(), Optim.Adam(lr));
var state = trainer.Start(model.Init<float>(Shape.Of(-1, 10), new Rng((ulong)seed)), new Rng((ulong)seed).Fold(1));

var interval = Math.Max(1, epochs / 20);
var run = trainer.Fit(state, train, valid, new FitOptions(epochs, batchSize, Patience: patience), observer: e =>
{
    switch (e)
    {
        case TrainingEvent.EpochEnd { Record: var r } when (r.Epoch + 1) % interval == 0:
            Console.WriteLine($"Epoch {r.Epoch + 1}: train {r.TrainLoss:F4}, valid {r.ValidLoss:F4}");
            break;
        case TrainingEvent.Stopped s:
            Console.WriteLine($"early stop after epoch {s.Epoch + 1}: no improvement in {s.Patience} epochs");
            break;
    }
});

// The restored (best) weights, each set in one batch so the figure is the exact MSE.
double Loss(Dataset<float> d) => trainer.Evaluate(run.Params, run.LayerState, d, d.Count);
Console.WriteLine($"best epoch {run.BestEpoch + 1} of {run.History.Epochs.Count}");
Console.WriteLine($"MSE (standardized target) with the best weights: train {Loss(train):F4}, valid {Loss(valid):F4}, test {Loss(test):F4}");
Console.WriteLine($"test RMSE: {Math.Sqrt(Loss(test)) * yScaler.Scale[0]:F2} progression units");
CurvePlot.Save("runs/ch12-loss.png", run.History, "Chapter 12: diabetes, Adam, early stopping");
Console.WriteLine("wrote runs/ch12-loss.png and runs/ch12-split.txt");
