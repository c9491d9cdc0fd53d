#!/usr/bin/env dotnet
#:project ../src/Functional/Functional.csproj
#:project ../src/Functional.Onnx/Functional.Onnx.csproj
#:package Microsoft.ML.OnnxRuntime@1.32.0
#:include Shared/Options.cs
// Deploy what you train: a small Fashion-MNIST classifier (Debian's dataset-fashion-mnist, or --data-dir DIR) is
// trained, exported with Onnx.Export, loaded into ONNX Runtime and run on the 10,000 test images.
//   dotnet run -c Release examples/onnx-export.cs [-- --epochs 2 --limit 12000 --seed 0 --out runs/fashion-mlp.onnx]
// The model: Linear(784, 256) → ReLU → BatchNorm1d(256) → Dropout(0.2) → Linear(256, 10) → LogSoftmax; NLL, Adam 1e-3,
// batch 128. The exported file has one input "input" (batch, 784) and one output "output" (batch, 10), the eval-mode
// network: dropout is gone and batch norm reads its running statistics. Prints both test accuracies, how many
// predictions agree and the largest difference in log-probabilities.
using Functional;
using Functional.Onnx;
using Microsoft.ML.OnnxRuntime;

var cli = new Options(args);
var epochs = cli.Int("--epochs", 2);
var limit = cli.Int("--limit", 12_000);
var seed = (ulong)cli.Int("--seed", 0);
var path = cli.String("--out") ?? "runs/fashion-mlp.onnx";

var fashion = Mnist.Load(cli.String("--data-dir")).ThrowIfFail();
var flat = (Tensor<float> images) => images.Reshape(-1, 28 * 28);
var all = fashion.Train.ToDataset();
var train = all.Take(Math.Min(limit, all.Count));
train = new Dataset<float>(flat(train.Features), train.Targets);
var test = fashion.Test.ToDataset();
var testX = flat(test.Features);

var model = Nn.Sequential(Nn.Linear(784, 256), Nn.ReLU(), Nn.BatchNorm1d(256), Nn.Dropout(0.2), Nn.Linear(256, 10), Nn.LogSoftmax(-1));
var trainer = new Trainer<float>(model, new NllLoss(), Optim.Adam(1e-3));
var init = model.Init<float>(Shape.Of(-1, 784), new Rng(seed));
var run = trainer.Fit(trainer.Start(init, new Rng(seed).Fold(1)), train, null, new FitOptions(epochs, 128),
    e => { if (e is TrainingEvent.EpochEnd { Record: var r }) Console.WriteLine($"epoch {r.Epoch + 1}: train loss {r.TrainLoss:F4}"); });

// Export: the trained parameters and the batch-norm state, for inputs (batch, 784).
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
Onnx.Export(model, run.Params, run.LayerState, Shape.Of(-1, 784), path);
Console.WriteLine($"wrote {path} ({new FileInfo(path).Length:N0} bytes, opset {Onnx.Opset})");

// ONNX Runtime on the test set, against our own eval-mode forward.
var ours = model.Apply(run.Params, run.LayerState, testX);
using var session = new InferenceSession(path);
using var input = OrtValue.CreateTensorValueFromMemory(testX.ToArray(), [testX.Shape[0], 784]);
using var outputs = session.Run(new RunOptions(), [Onnx.InputName], [input], [Onnx.OutputName]);
var theirs = outputs[0].GetTensorDataAsSpan<float>().ToArray();

var (n, a) = (testX.Shape[0], ours.ToArray());
int Argmax(float[] v, int row) => Enumerable.Range(0, 10).MaxBy(j => v[row * 10 + j]);
int agree = 0, rightOurs = 0, rightOrt = 0;
for (var i = 0; i < n; i++)
{
    var (p, q) = (Argmax(a, i), Argmax(theirs, i));
    agree += p == q ? 1 : 0;
    rightOurs += p == fashion.Test.Labels[i] ? 1 : 0;
    rightOrt += q == fashion.Test.Labels[i] ? 1 : 0;
}
var maxDiff = a.Zip(theirs, (x, y) => Math.Abs(x - y)).Max();
Console.WriteLine($"test accuracy: ours {(double)rightOurs / n:F4}, ONNX Runtime {(double)rightOrt / n:F4}");
Console.WriteLine($"predictions agree on {agree} of {n}; max |Δ log p| = {maxDiff:G3}");
if (agree != n || maxDiff > 1e-4) { Console.Error.WriteLine("ONNX Runtime and the library disagree"); return 1; }
return 0;
