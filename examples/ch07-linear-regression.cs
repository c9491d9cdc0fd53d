#!/usr/bin/env dotnet
#:project ../src/Functional/Functional.csproj
#:include Shared/Options.cs
// Chapter 7: linear regression on Boston house prices, MEDV ~ INDUS + RM + LSTAT + NOX + DIS.
//   dotnet run examples/ch07-linear-regression.cs [-- --epochs 2000 --seed 0]
// As the book: float32, full batch, nn.Linear(5, 1), MSE, plain SGD at lr 1e-3 for 2000 epochs.
// Training goes through the library's Trainer: each epoch is one Trainer.Step on the whole data set
// (forward, MSE, pullback, Optim.Sgd update), which is what the book's optim.SGD loop does.
using Functional;

var cli = new Options(args);

var epochs = cli.Int("--epochs", 2000);
var seed = cli.Int("--seed", 0);
const double lr = 1e-3;

var boston = Datasets.BostonHousing().ThrowIfFail().SelectFeatures("INDUS", "RM", "LSTAT", "NOX", "DIS");
var data = boston.ToDataset<float>();
Console.WriteLine($"{boston.Name}: x {data.Features.Shape}, y {data.Targets.Shape}");

var model = Nn.Linear(5, 1);
var init = model.Init<float>(Shape.Of(-1, 5), new Rng((ulong)seed));
var trainer = new Trainer<float>(model, new MseLoss(), Optim.Sgd(lr));
var state = trainer.Start(init, new Rng((ulong)seed + 1));

double loss = double.NaN;
for (var epoch = 1; epoch <= epochs; epoch++)
{
    (state, loss) = trainer.Step(state, data);   // the loss before this step's update, as the book prints it
    if (epoch % 100 == 0) Console.WriteLine($"Epoch {epoch}: loss={loss:0.0000e+00}");
}
Console.WriteLine($"final loss: {loss:F4}   (the book, PyTorch: 28.99)");
