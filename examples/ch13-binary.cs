#!/usr/bin/env dotnet
#:project ../src/Functional/Functional.csproj
#:project ../src/Functional.Plots/Functional.Plots.csproj
#:include Shared/Options.cs
// Chapter 13, binary classification: breast cancer (0 = malignant, 1 = benign), all 30 features.
//   dotnet run -c Release examples/ch13-binary.cs [-- --epochs 1000 --patience 50 --seed 0]
// Split 60/20/20 (341/113/115 rows), features standardized with a scaler fit on the training rows.
// Model 30-25-20-15-10-5-1 with LeakyReLU and a Sigmoid at the end, BCE, Adam lr 1e-3, batch 32, shuffled,
// early stopping on the validation loss with the best weights restored.
// Prints the test loss, accuracy (threshold 0.5) and AUROC; writes runs/ch13-roc.png, runs/ch13-binary-loss.png
// and runs/ch13-binary-split.txt (the row indices of each part, for examples/pytorch/ch13_binary.py).
using Functional;
using Functional.Plots;

var cli = new Options(args);

var epochs = cli.Int("--epochs", 1000);
var patience = cli.Int("--patience", 50);
var seed = cli.Int("--seed", 0);
const double lr = 1e-3;
const int batchSize = 32;

var cancer = Datasets.BreastCancer().ThrowIfFail();
var all = cancer.ToDataset<double>();
var perm = new Rng((ulong)seed).Fold(42).Permutation(all.Count);
var counts = Dataset<double>.SplitCounts(all.Count, [0.6, 0.2, 0.2]);
var parts = new int[3][];
for (int i = 0, start = 0; i < 3; start += counts[i], i++) parts[i] = perm[start..(start + counts[i])];
Directory.CreateDirectory("runs");
File.WriteAllLines("runs/ch13-binary-split.txt", parts.Select((p, i) => $"{new[] { "train", "valid", "test" }[i]} {string.Join(' ', p)}"));

var scaler = StandardScaler.Fit(all.Select(parts[0]).Features);
Dataset<float> Part(int i) { var d = all.Select(parts[i]); return new(scaler.Transform(d.Features).Cast<float>(), d.Targets.Cast<float>()); }
var (train, valid, test) = (Part(0), Part(1), Part(2));
Console.WriteLine($"{cancer.Name}: train {train.Count}, valid {valid.Count}, test {test.Count}; batch {batchSize}, up to {epochs} epochs, patience {patience}");

var model = Nn.Sequential(
    Nn.Linear(30, 25), Nn.LeakyReLU(), Nn.Linear(25, 20), Nn.LeakyReLU(), Nn.Linear(20, 15), Nn.LeakyReLU(),
    Nn.Linear(15, 10), Nn.LeakyReLU(), Nn.Linear(10, 5), Nn.LeakyReLU(), Nn.Linear(5, 1), Nn.Sigmoid());
var trainer = new Trainer<float>(model, new BceLoss(), Optim.Adam(lr));
var state = trainer.Start(model.Init<float>(Shape.Of(-1, 30), new Rng((ulong)seed)), new Rng((ulong)seed).Fold(1));

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

var testLoss = trainer.Evaluate(run.Params, run.LayerState, test, test.Count);
var scores = trainer.Predict(run.Params, run.LayerState, test.Features).Reshape(test.Count);
var truth = test.Targets.Reshape(test.Count);
var accuracy = Accuracy.Binary(truth, scores);
var auroc = RocAuc.Binary(truth, scores);
Console.WriteLine($"best epoch {run.BestEpoch + 1} of {run.History.Epochs.Count}");
Console.WriteLine($"test loss {testLoss:F4}, accuracy {accuracy:F4}, AUROC {auroc:F4}   (the book, PyTorch: accuracy 0.9913, AUROC 0.9952)");

var roc = RocCurve.Compute(truth, scores);
RocPlot.Save("runs/ch13-roc.png", [("test", roc.Fpr, roc.Tpr, auroc)], "Chapter 13: breast cancer, test ROC");
CurvePlot.Save("runs/ch13-binary-loss.png", run.History, "Chapter 13: breast cancer, BCE");
Console.WriteLine("wrote runs/ch13-roc.png, runs/ch13-binary-loss.png and runs/ch13-binary-split.txt");
