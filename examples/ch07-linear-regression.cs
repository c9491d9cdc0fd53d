#:project ../src/Functional/Functional.csproj
// Chapter 7: linear regression on Boston house prices, MEDV ~ INDUS + RM + LSTAT + NOX + DIS.
//   dotnet run examples/ch07-linear-regression.cs [-- --epochs 2000 --seed 0]
// As the book: float32, full batch, nn.Linear(5, 1), MSE, plain SGD at lr 1e-3 for 2000 epochs.
// The update is p ← p - lr·g on the whole parameter tree (optimizers come later).
using Functional;

var epochs = Arg("--epochs", 2000);
var seed = Arg("--seed", 0);
const float lr = 1e-3f;

var boston = Datasets.BostonHousing().ThrowIfFail().SelectFeatures("INDUS", "RM", "LSTAT", "NOX", "DIS");
var data = boston.ToDataset<float>();
Console.WriteLine($"{boston.Name}: x {data.Features.Shape}, y {data.Targets.Shape}");

var model = Nn.Linear(5, 1);
var init = model.Init<float>(Shape.Of(-1, 5), new Rng((ulong)seed));
var (p, state) = (init.Params, init.State);
var mse = new MseLoss();

float loss = float.NaN;
for (var epoch = 1; epoch <= epochs; epoch++)
{
    var f = model.Forward(p, state, data.Features, Context.Eval);
    var l = mse.Forward(f.Output, data.Targets);
    var g = f.Pullback(l.Gradient(), needInputGrad: false).Params;
    p = p.AddScaled(g, -lr);
    loss = l.Scalar;
    if (epoch % 100 == 0) Console.WriteLine($"Epoch {epoch}: loss={loss:0.0000e+00}");
}
Console.WriteLine($"final loss: {loss:F4}   (the book, PyTorch: 28.99)");

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}
