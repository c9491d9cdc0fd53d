#!/usr/bin/env dotnet
#:project ../src/Functional/Functional.csproj
#:include Shared/Options.cs
// Chapter 8: logistic regression on breast cancer (0 = malignant, 1 = benign).
//   dotnet run examples/ch08-logistic-regression.cs             (20,000 epochs, a few seconds)
//   dotnet run examples/ch08-logistic-regression.cs -- --full   (the book's 200,000 epochs)
// As the book: the 10 features it picks (below), unscaled, float32, full batch,
// Linear(10, 1) then Sigmoid, BCE, SGD at lr 1e-2. The loop is an explicit fold over epochs with the
// optimizer's Init/Update (Optim.Sgd), so that the accuracy comes from the last forward pass, as in the book.
using Functional;

var cli = new Options(args);

var full = cli.Flag("--full");
var epochs = cli.Int("--epochs", full ? 200_000 : 20_000);
var seed = cli.Int("--seed", 0);
const double lr = 1e-2;

string[] columns =
[
    "mean radius", "mean texture", "mean smoothness", "mean compactness", "mean concave points",
    "worst radius", "worst texture", "worst smoothness", "worst compactness", "worst concave points",
];
var cancer = Datasets.BreastCancer().ThrowIfFail().SelectFeatures(columns);
var data = cancer.ToDataset<float>();
Console.WriteLine($"{cancer.Name}: x {data.Features.Shape}, y {data.Targets.Shape}; {epochs} epochs");

var model = Nn.Linear(10, 1).Then(Nn.Sigmoid());
var init = model.Init<float>(Shape.Of(-1, 10), new Rng((ulong)seed));
var (p, state) = (init.Params, init.State);
var bce = new BceLoss();
var sgd = Optim.Sgd(lr);
var opt = sgd.Init(p);
var interval = Math.Max(1, epochs / 20);

Forward<float> f = default;
float loss = float.NaN;
for (var epoch = 1; epoch <= epochs; epoch++)
{
    f = model.Forward(p, state, data.Features, Context.Eval);
    var l = bce.Forward(f.Output, data.Targets);
    var g = f.Pullback(l.Gradient(), needInputGrad: false).Params;
    (var updates, opt) = sgd.Update(g, opt, p);
    p = Optim.ApplyUpdates(p, updates);
    loss = l.Item();
    if (epoch % interval == 0) Console.WriteLine($"Epoch {epoch}: loss={loss:0.0000e+00}");
}

// Accuracy of the last forward pass, as the book: (y == (y_hat > .5)).sum() / n.
var yHat = f.Output.Span;
var y = data.Targets.Span;
var correct = 0;
for (var i = 0; i < y.Length; i++) if ((yHat[i] > 0.5f ? 1f : 0f) == y[i]) correct++;
Console.WriteLine($"final loss: {loss:F4}, accuracy: {(double)correct / y.Length:F4}   (the book, PyTorch, 200,000 epochs: 0.1155 / 0.9649)");
