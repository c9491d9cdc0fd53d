#!/usr/bin/env dotnet
#:project ../src/Functional/Functional.csproj
#:project ../src/Functional.Plots/Functional.Plots.csproj
#:include Shared/Options.cs
// Chapter 18: the book's convolutional classifier on Fashion-MNIST (Debian's dataset-fashion-mnist, or --data-dir DIR).
//   dotnet run -c Release examples/ch18-cnn.cs [-- --epochs 2 --limit 12000 --seed 0]   (--limit 48000 --epochs 10: the book's run)
// Five blocks with 32, 64, 128, 256 and 512 channels. A block is Conv2d 3×3 (pad 1) → ReLU → BatchNorm2d →
// Conv2d 3×3 (stride 2, pad 1) → ReLU → BatchNorm2d, so the image shrinks 28 → 14 → 7 → 4 → 2 → 1. Head:
// Flatten → Linear(512, 50) → ReLU → BatchNorm1d(50) → Linear(50, 10) → LogSoftmax. NLL, Adam lr 1e-3, batch 256,
// shuffled. The book trains 10 epochs (--epochs 10); the default here is 2, to finish in a few minutes on a small CPU.
// The split is ch13's: 48,000 / 12,000 of the training images at random, the official 10,000 as test.
// --limit N (default 12,000) trains on the first N of the 48,000 (the validation and test sets stay whole).
// Prints the epoch losses and the test accuracy; writes runs/ch18-loss.png and runs/ch18-predictions.png.
using Functional;
using Functional.Plots;

var cli = new Options(args);

var epochs = cli.Int("--epochs", 2);
var seed = cli.Int("--seed", 0);
var limit = cli.Int("--limit", 12_000);   // the whole 48,000 take ~4× as long
var dataDir = cli.String("--data-dir");
const double lr = 1e-3;
const int batchSize = 256;

var fashion = Mnist.Load(dataDir).ThrowIfFail();   // images (N, 1, 28, 28) in [0, 1]
var full = fashion.Train.ToDataset();
var perm = new Rng((ulong)seed).Fold(42).Permutation(full.Count);   // the same split as ch13-multiclass.cs
var (train, valid, test) = (full.Select(perm[..Math.Min(limit, 48_000)]), full.Select(perm[48_000..]), fashion.Test.ToDataset());
Console.WriteLine($"Fashion-MNIST: train {train.Count}, valid {valid.Count}, test {test.Count}; batch {batchSize}, {epochs} epochs");

Layer Block(int cin, int cout) => Nn.Sequential(
    Nn.Conv2d(cin, cout, 3, padding: 1), Nn.ReLU(), Nn.BatchNorm2d(cout),
    Nn.Conv2d(cout, cout, 3, stride: 2, padding: 1), Nn.ReLU(), Nn.BatchNorm2d(cout));
int[] channels = [1, 32, 64, 128, 256, 512];
var model = Nn.Sequential(
[
    .. channels.Zip(channels.Skip(1)).Select(c => Block(c.Item1, c.Item2)),
    Nn.Flatten(),
    Nn.Linear(512, 50), Nn.ReLU(), Nn.BatchNorm1d(50), Nn.Linear(50, 10), Nn.LogSoftmax(),
]);

var trainer = new Trainer<float>(model, new NllLoss(), Optim.Adam(lr));
var init = model.Init<float>(Shape.Of(-1, 1, 28, 28), new Rng((ulong)seed));
Console.WriteLine($"parameters: {init.Params.Leaves().Sum(t => t.Value.Shape.Size):N0}");
var state = trainer.Start(init, new Rng((ulong)seed).Fold(1));
var clock = System.Diagnostics.Stopwatch.StartNew();
var batches = (train.Count + batchSize - 1) / batchSize;
void Observe(TrainingEvent e)
{
    if (e is TrainingEvent.BatchEnd { Batch: var b, Loss: var l } && (b + 1) % 20 == 0)
        Console.WriteLine($"  batch {b + 1}/{batches}: loss {l:F4}  ({clock.Elapsed.TotalSeconds:F0} s)");
    else if (e is TrainingEvent.EpochEnd { Record: var r })
        Console.WriteLine($"Epoch {r.Epoch + 1}: train {r.TrainLoss:F4}, valid {r.ValidLoss:F4}  ({clock.Elapsed.TotalSeconds:F0} s)");
}
var run = trainer.Fit(state, train, valid, new FitOptions(epochs, batchSize, EvalBatchSize: 1000), Observe);

var logProbs = trainer.Predict(run.Params, run.LayerState, test.Features, 1000);
var predicted = logProbs.ArgMax(1).ToIndices();
Console.WriteLine($"best epoch {run.BestEpoch + 1} of {run.History.Epochs.Count}; " +
                  $"test loss {trainer.Evaluate(run.Params, run.LayerState, test, 1000):F4}, " +
                  $"test accuracy {Accuracy.OfPredictions(fashion.Test.Labels.AsSpan(), predicted):F4}  ({clock.Elapsed.TotalSeconds:F0} s)");

Directory.CreateDirectory("runs");
CurvePlot.Save("runs/ch18-loss.png", run.History, "Chapter 18: CNN on Fashion-MNIST");
ImageGrid.Save("runs/ch18-predictions.png", fashion.Test.Images, fashion.Test.Labels, predicted, Mnist.FashionClassNames,
    count: 30, columns: 6, scale: 6);
Console.WriteLine("wrote runs/ch18-loss.png and runs/ch18-predictions.png (first 30 test images; red captions are mistakes)");
