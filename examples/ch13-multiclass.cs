#!/usr/bin/env dotnet
#:project ../src/Functional/Functional.csproj
#:project ../src/Functional.Plots/Functional.Plots.csproj
#:include Shared/Options.cs
// Chapter 13, multi-class classification: Fashion-MNIST (Debian's dataset-fashion-mnist, or --data-dir DIR).
//   dotnet run -c Release examples/ch13-multiclass.cs [-- --epochs 10 --patience 3 --seed 0 --limit N --data-dir DIR]
// The 60,000 training images are split 48,000 / 12,000 (train / valid) at random; the official 10,000 are the test set.
// Pixels in [0, 1], flattened to 784. Model 784-500-400-300-200-100-50-10 with LeakyReLU and LogSoftmax,
// NLL loss, Adam lr 1e-3, batch 256, shuffled, early stopping on the validation loss with the best weights restored.
// The default of 10 epochs keeps the run to minutes on a small machine; the book trains until early stopping.
// Prints the test accuracy, the confusion matrix and the classification report; writes
// runs/ch13-multiclass-loss.png, runs/ch13-confusion.png and runs/ch13-multiclass-split.txt (the validation indices).
using Functional;
using Functional.Plots;

var cli = new Options(args);

var epochs = cli.Int("--epochs", 10);
var patience = cli.Int("--patience", 3);
var limit = cli.Int("--limit", 48_000);   // train on the first N of the 48,000 (smoke runs)
var seed = cli.Int("--seed", 0);
var dataDir = cli.String("--data-dir");
const double lr = 1e-3;
const int batchSize = 256;

var fashion = Mnist.Load(dataDir, flatten: true).ThrowIfFail();
var full = fashion.Train.ToDataset();
var perm = new Rng((ulong)seed).Fold(42).Permutation(full.Count);
var (trainIdx, validIdx) = (perm[..48_000], perm[48_000..]);
Directory.CreateDirectory("runs");
File.WriteAllLines("runs/ch13-multiclass-split.txt", [$"train {string.Join(' ', trainIdx)}", $"valid {string.Join(' ', validIdx)}"]);
var (train, valid, test) = (full.Select(trainIdx[..Math.Min(limit, trainIdx.Length)]), full.Select(validIdx), fashion.Test.ToDataset());
Console.WriteLine($"Fashion-MNIST: train {train.Count}, valid {valid.Count}, test {test.Count}; batch {batchSize}, up to {epochs} epochs, patience {patience}");

int[] widths = [784, 500, 400, 300, 200, 100, 50];
var layers = widths.Zip(widths.Skip(1)).SelectMany(w => new Layer[] { Nn.Linear(w.Item1, w.Item2), Nn.LeakyReLU() }).ToList();
var model = Nn.Sequential([.. layers, Nn.Linear(50, 10), Nn.LogSoftmax()]);
var trainer = new Trainer<float>(model, new NllLoss(), Optim.Adam(lr));
var state = trainer.Start(model.Init<float>(Shape.Of(-1, 784), new Rng((ulong)seed)), new Rng((ulong)seed).Fold(1));

var clock = System.Diagnostics.Stopwatch.StartNew();
var run = trainer.Fit(state, train, valid, new FitOptions(epochs, batchSize, Patience: patience, EvalBatchSize: 2000), observer: e =>
{
    switch (e)
    {
        case TrainingEvent.EpochEnd { Record: var r }:
            Console.WriteLine($"Epoch {r.Epoch + 1}: train {r.TrainLoss:F4}, valid {r.ValidLoss:F4}  ({clock.Elapsed.TotalSeconds:F0} s)");
            break;
        case TrainingEvent.Stopped s:
            Console.WriteLine($"early stop after epoch {s.Epoch + 1}: no improvement in {s.Patience} epochs");
            break;
    }
});

var testLoss = trainer.Evaluate(run.Params, run.LayerState, test, 2000);
var logProbs = trainer.Predict(run.Params, run.LayerState, test.Features);
var predicted = logProbs.ArgMax(1).ToIndices();
var truth = fashion.Test.Labels.AsSpan();
var confusion = ConfusionMatrix.Of(truth, predicted, 10);
Console.WriteLine($"best epoch {run.BestEpoch + 1} of {run.History.Epochs.Count}; test loss {testLoss:F4}, test accuracy {Accuracy.OfPredictions(truth, predicted):F4}");
Console.WriteLine();
Console.WriteLine(confusion);
Console.WriteLine();
Console.WriteLine(ClassificationReport.Compute(truth, predicted, names: Mnist.FashionClassNames));

var counts = confusion.ToArray();
var cells = new int[10, 10];
for (var i = 0; i < 10; i++) for (var j = 0; j < 10; j++) cells[i, j] = (int)counts[i, j];
CurvePlot.Save("runs/ch13-multiclass-loss.png", run.History, "Chapter 13: Fashion-MNIST, NLL");
ConfusionPlot.Save("runs/ch13-confusion.png", cells, Mnist.FashionClassNames, "Chapter 13: Fashion-MNIST, test set");
Console.WriteLine("wrote runs/ch13-multiclass-loss.png, runs/ch13-confusion.png and runs/ch13-multiclass-split.txt");
