#!/usr/bin/env dotnet
#:project ../src/Functional/Functional.csproj
#:include Shared/Options.cs
// Chapter 9: a deep regression network on all 13 Boston features, standardized.
//   dotnet run examples/ch09-deep-regression.cs             (20,000 epochs)
//   dotnet run examples/ch09-deep-regression.cs -- --full   (200,000 epochs; copies of the book's code
//                                                            use 100,000 or 200,000: --epochs N for any count)
// As the book: StandardScaler on the features (the book rounds them to 4 decimals for display and
// trains on the rounded values; so do we), float32, full batch, 13-3-3-3-3-1 with LeakyReLU(0.01),
// MSE, SGD (Optim.Sgd, no momentum) at lr 1e-4, one Trainer.Step per epoch on the whole data set.
using Functional;

var cli = new Options(args);

var full = cli.Flag("--full");
var epochs = cli.Int("--epochs", full ? 200_000 : 20_000);
var seed = cli.Int("--seed", 0);
const double lr = 1e-4;

var boston = Datasets.BostonHousing().ThrowIfFail();
var scaler = StandardScaler.Fit(boston.Features);
var x = Tensor.Map(scaler.Transform(boston.Features), v => Math.Round(v, 4)).Cast<float>();
var y = boston.Targets.Cast<float>();
Console.WriteLine($"{boston.Name}: x {x.Shape} standardized, y {y.Shape}; {epochs} epochs");

var model = Nn.Sequential(
    Nn.Linear(13, 3), Nn.LeakyReLU(),
    Nn.Linear(3, 3), Nn.LeakyReLU(),
    Nn.Linear(3, 3), Nn.LeakyReLU(),
    Nn.Linear(3, 3), Nn.LeakyReLU(),
    Nn.Linear(3, 1));
var init = model.Init<float>(Shape.Of(-1, 13), new Rng((ulong)seed));
var trainer = new Trainer<float>(model, new MseLoss(), Optim.Sgd(lr));
var state = trainer.Start(init, new Rng((ulong)seed + 1));
var data = new Dataset<float>(x, y);
var interval = Math.Max(1, epochs / 20);

double loss = double.NaN;
for (var epoch = 1; epoch <= epochs; epoch++)
{
    (state, loss) = trainer.Step(state, data);
    if (epoch % interval == 0) Console.WriteLine($"Epoch {epoch}: loss={loss:0.0000e+00}");
}
Console.WriteLine($"final loss: {loss:F4}   (the book, PyTorch, full run: 8.07)");
