#!/usr/bin/env dotnet
#:project ../src/Functional/Functional.csproj
#:project ../src/Functional.Plots/Functional.Plots.csproj
#:include Shared/Options.cs
// Chapter 19: the book's many-to-one sequence classifier on Fashion-MNIST (Debian's dataset-fashion-mnist, or --data-dir DIR).
//   dotnet run -c Release examples/ch19-rnn.cs [-- --epochs 1 --limit 12000 --hidden-size 128 --n-layers 4 --max-grad-norm 1 --seed 0]
// Each 28×28 image is 28 steps of 28 pixels (one row a step). A bidirectional LSTM with 4 layers of --hidden-size units
// and dropout 0.3 between layers reads them; output[:, -1] (the book's many-to-one read-out; the backward half has seen only
// the last row) → ReLU → BatchNorm1d(2·hidden) → Linear(2·hidden, 10) → LogSoftmax. NLL, Adam lr 1e-3 after
// clipping the gradient's global L2 norm to --max-grad-norm (Optim.Chain(ClipByGlobalNorm, Adam)), batch 256, shuffled.
// The split is ch13's: 48,000 / 12,000 of the training images at random, the official 10,000 as test;
// --limit N trains on the first N of the 48,000.
// Prints the epoch losses and the test accuracy; writes runs/ch19-loss.png.
using Functional;
using Functional.Plots;

var cli = new Options(args);

var epochs = cli.Int("--epochs", 1);
var seed = cli.Int("--seed", 0);
var limit = cli.Int("--limit", 12_000);
var hidden = cli.Int("--hidden-size", 128);
var layers = cli.Int("--n-layers", 4);
var maxNorm = cli.Double("--max-grad-norm", 1);
var dataDir = cli.String("--data-dir");
const double lr = 1e-3, dropout = 0.3;
const int batchSize = 256;

var fashion = Mnist.Load(dataDir).ThrowIfFail();
static Dataset<float> Rows(ImageSet s) => (s with { Images = s.Images.Reshape(s.Count, 28, 28) }).ToDataset();   // (N, time 28, features 28)
var full = Rows(fashion.Train);
var perm = new Rng((ulong)seed).Fold(42).Permutation(full.Count);   // the same split as ch13-multiclass.cs
var (train, valid, test) = (full.Select(perm[..Math.Min(limit, 48_000)]), full.Select(perm[48_000..]), Rows(fashion.Test));
Console.WriteLine($"Fashion-MNIST as 28 steps of 28 pixels: train {train.Count}, valid {valid.Count}, test {test.Count}; " +
                  $"batch {batchSize}, {epochs} epochs; bi-LSTM {layers}×{hidden}, dropout {dropout}, max grad norm {maxNorm}");

var model = Nn.Lstm(28, hidden, numLayers: layers, dropout: dropout, bidirectional: true).Last()
    .Then(Nn.ReLU()).Then(Nn.BatchNorm1d(2 * hidden)).Then(Nn.Linear(2 * hidden, 10)).Then(Nn.LogSoftmax());

var trainer = new Trainer<float>(model, new NllLoss(), Optim.Chain(new ClipByGlobalNorm(maxNorm), Optim.Adam(lr)));
var init = model.Init<float>(Shape.Of(-1, 28, 28), new Rng((ulong)seed));
Console.WriteLine($"parameters: {init.Params.Leaves().Sum(t => t.Value.Shape.Size):N0}");
var state = trainer.Start(init, new Rng((ulong)seed).Fold(1));
var clock = System.Diagnostics.Stopwatch.StartNew();
var batches = (train.Count + batchSize - 1) / batchSize;
void Observe(TrainingEvent e)
{
    if (e is TrainingEvent.BatchEnd { Batch: var b, Loss: var l } && (b + 1) % 10 == 0)
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
CurvePlot.Save("runs/ch19-loss.png", run.History, "Chapter 19: bi-LSTM over image rows");
Console.WriteLine("wrote runs/ch19-loss.png");
