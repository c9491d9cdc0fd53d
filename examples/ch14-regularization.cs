#!/usr/bin/env dotnet
#:project ../src/Functional/Functional.csproj
#:project ../src/Functional.Plots/Functional.Plots.csproj
#:include Shared/Options.cs
// Chapter 14: batch norm against dropout on Fashion-MNIST (Debian's dataset-fashion-mnist, or --data-dir DIR).
//   dotnet run -c Release examples/ch14-regularization.cs [-- --epochs 5 --patience 3 --dropout 0.3 --seed 0 --limit N --augment]
// The same split as chapter 13: 48,000 / 12,000 of the training images at random, the official 10,000 as test.
// Five blocks 784-500-400-300-200-100, then Linear(100, 10) and LogSoftmax. A block is the book's
// Linear → LeakyReLU → BatchNorm1d, or Linear → LeakyReLU → Dropout(p). NLL, Adam lr 1e-3, batch 256, shuffled,
// early stopping on the validation loss with the best weights (and batch-norm running statistics) restored.
// With --augment, every epoch trains on a fresh augmentation of the training images (random shift of up to 2 pixels,
// horizontal flip, rotation of up to 10°), drawn from the run's seed: Trainer.Epochs asks for each epoch's images
// just before that epoch runs.
// Prints the test accuracy of each model; writes runs/ch14-valid.png with both validation curves.
using Functional;
using Functional.Plots;

var cli = new Options(args);

var epochs = cli.Int("--epochs", 5);
var patience = cli.Int("--patience", 3);
var limit = cli.Int("--limit", 48_000);   // train on the first N of the 48,000 (smoke runs)
var seed = cli.Int("--seed", 0);
var p = cli.Double("--dropout", 0.3);
var augment = cli.Flag("--augment");
var dataDir = cli.String("--data-dir");
const double lr = 1e-3;
const int batchSize = 256;

var fashion = Mnist.Load(dataDir).ThrowIfFail();   // images (N, 1, 28, 28); the model flattens them
var full = fashion.Train.ToDataset();
var perm = new Rng((ulong)seed).Fold(42).Permutation(full.Count);   // the same split as ch13-multiclass.cs
var (train, valid, test) = (full.Select(perm[..Math.Min(limit, 48_000)]), full.Select(perm[48_000..]), fashion.Test.ToDataset());
IAugmentation? augmentation = augment ? Augment.Pipeline(new RandomShift(2, 2), new HorizontalFlip(), new RandomRotation(10)) : null;
Console.WriteLine($"Fashion-MNIST: train {train.Count}, valid {valid.Count}, test {test.Count}; batch {batchSize}, up to {epochs} epochs, " +
                  $"patience {patience}; augmentation: {augmentation?.ToString() ?? "none"}");

int[] widths = [784, 500, 400, 300, 200, 100];
Layer Net(Func<int, Layer> regularizer) => Nn.Sequential(
[
    Nn.Flatten(),
    .. widths.Zip(widths.Skip(1)).SelectMany(w => new[] { Nn.Linear(w.Item1, w.Item2), Nn.LeakyReLU(), regularizer(w.Item2) }),
    Nn.Linear(100, 10), Nn.LogSoftmax(),
]);

var curves = new Dictionary<string, IReadOnlyList<double>>();
foreach (var (name, model) in new[] { ("batch norm", Net(n => Nn.BatchNorm1d(n))), ($"dropout {p}", Net(_ => Nn.Dropout(p))) })
{
    Console.WriteLine($"== {name}");
    var trainer = new Trainer<float>(model, new NllLoss(), Optim.Adam(lr));
    var state = trainer.Start(model.Init<float>(Shape.Of(-1, 1, 28, 28), new Rng((ulong)seed)), new Rng((ulong)seed).Fold(1));
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var options = new FitOptions(epochs, batchSize, Patience: patience, EvalBatchSize: 2000);

    // The run is a lazy sequence of epochs. With --augment, each epoch trains on a fresh augmentation of the images:
    // the sequence asks for epoch e's set just before epoch e runs.
    var augKey = new Rng((ulong)seed).Fold(7);
    Dataset<float> Augmented(int epoch) => train with { Features = augmentation!.Apply(train.Features, augKey.Fold((ulong)epoch)) };
    EpochResult<float>? last = null;
    foreach (var e in trainer.Epochs(state, augmentation is null ? _ => train : Augmented, valid, options))
    {
        Console.WriteLine($"Epoch {e.Epoch + 1}: train {e.TrainLoss:F4}, valid {e.ValidLoss:F4}  ({clock.Elapsed.TotalSeconds:F0} s)");
        if (e.ShouldStop) Console.WriteLine($"early stop after epoch {e.Epoch + 1}: no improvement in {patience} epochs");
        last = e;
    }
    var run = last!.Result();

    var logProbs = trainer.Predict(run.Params, run.LayerState, test.Features);
    var predicted = logProbs.ArgMax(1).ToIndices();
    Console.WriteLine($"{name}: best epoch {run.BestEpoch + 1} of {run.History.Epochs.Count}, " +
                      $"test loss {trainer.Evaluate(run.Params, run.LayerState, test, 2000):F4}, " +
                      $"test accuracy {Accuracy.OfPredictions(fashion.Test.Labels.AsSpan(), predicted):F4}");
    curves[$"{name} (valid)"] = run.History.ValidLoss;
}

Directory.CreateDirectory("runs");
var file = augment ? "runs/ch14-valid-augmented.png" : "runs/ch14-valid.png";
CurvePlot.Save(file, curves, "Chapter 14: Fashion-MNIST validation loss", "NLL");
Console.WriteLine($"wrote {file}");
