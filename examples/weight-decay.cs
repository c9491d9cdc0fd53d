#:project ../src/Functional/Functional.csproj
// Weight decay three ways on one problem: Adam + L2 (coupled), AdamW (decoupled) and SGD + L1.
// An over-parameterised linear regression: 60 features, 30 training samples, 5 true non-zero weights.
// Run: dotnet run examples/weight-decay.cs      (see docs/weight-decay.md)
using Functional;
using MathNet.Numerics.LinearAlgebra;

const int features = 60, train = 30, test = 500, steps = 4000;
const double lambda = 0.1, l1 = 0.02;

// The synthetic problem, seeded: y = x·w* + 0.1·noise, w* = (2, -2, 2, -2, 2, 0, ..., 0).
var rng = new Rng(2024);
var wTrue = Enumerable.Range(0, features).Select(j => j < 5 ? (j % 2 == 0 ? 2.0 : -2.0) : 0.0).ToArray();
(Tensor<double> X, Tensor<double> Y) Draw(Rng key, int n)
{
    var x = Tensor.Randn<double>(key.Fold(0), n, features);
    var noise = Tensor.Randn<double>(key.Fold(1), n, 1);
    var y = new double[n];
    for (var i = 0; i < n; i++)
    {
        for (var j = 0; j < features; j++) y[i] += x[i, j] * wTrue[j];
        y[i] += 0.1 * noise[i, 0];
    }
    return (x, Tensor.FromArray(y, n, 1));
}
var (xTrain, yTrain) = Draw(rng.Fold(1), train);
var (xTest, yTest) = Draw(rng.Fold(2), test);

var model = new Linear(features, 1);
var init = model.Init<double>(Shape.Of(-1, features), rng.Fold(3)).Params;
var mse = new MseLoss();

double Loss(Tree<double> p, Tensor<double> x, Tensor<double> y) => mse.Forward(model.Forward(p, Tree.Empty<double>(), x, Context.Eval).Output, y).Item();

// The plain loop: forward, loss, pullback, optimizer update, apply.
Tree<double> Train(GradientTransformation opt)
{
    var p = init;
    var state = opt.Init(p);
    for (var step = 0; step < steps; step++)
    {
        var fwd = model.Forward(p, Tree.Empty<double>(), xTrain, Context.Eval);
        var loss = mse.Forward(fwd.Output, yTrain);
        var grads = fwd.Pullback(loss.Gradient(), needInputGrad: false).Params;
        (var updates, state) = opt.Update(grads, state, p);
        p = Optim.ApplyUpdates(p, updates);
    }
    return p;
}

// The ridge solution of  mean((x·w + b - y)²) + λ/2·(|w|² + b²), the objective coupled L2 minimises:
// its gradient is the data gradient plus λ·p, exactly what Adam(weightDecay: λ) feeds to Adam.
var a = Matrix<double>.Build.Dense(train, features + 1, (i, j) => j < features ? xTrain[i, j] : 1.0);
var ridge = (a.TransposeThisAndMultiply(a) + Matrix<double>.Build.DenseIdentity(features + 1) * (train * lambda / 2))
    .Solve(a.TransposeThisAndMultiply(Vector<double>.Build.Dense(yTrain.ToArray())));

var runs = new (string Name, GradientTransformation Opt)[]
{
    ("Adam, no decay", Optim.Adam(1e-2)),
    ($"Adam + L2 (coupled), λ={lambda}", Optim.Adam(1e-2, weightDecay: lambda)),
    ($"AdamW (decoupled), λ={lambda}", Optim.AdamW(1e-2, weightDecay: lambda)),
    ("AdamW (decoupled), λ=1", Optim.AdamW(1e-2, weightDecay: 1.0)),
    ($"SGD + L1, λ={l1}", Optim.Chain(new AddL1Penalty(l1), Optim.Sgd(1e-2))),
    ($"SGD + L2 (= decoupled), λ={lambda}", Optim.Sgd(1e-2, weightDecay: lambda)),
};

Console.WriteLine($"{features} features, {train} training samples, {test} test samples, {steps} full-batch steps, float64");
Console.WriteLine($"true weights: |w*|2 = {Norm(wTrue, 2):F3}, |w*|1 = {Norm(wTrue, 1):F3}, 5 non-zero");
Console.WriteLine();
Console.WriteLine($"{"method",-34} {"train MSE",10} {"test MSE",10} {"|w|2",8} {"|w|1",8} {"max|w|",7} {"|w|<1e-3",9} {"dist to ridge",14}");
foreach (var (name, opt) in runs)
{
    var p = (WeightBias<double>)Train(opt);
    var w = p.Weight.ToArray();
    var theta = w.Append(p.Bias!.Span[0]).ToArray();
    var dist = (Vector<double>.Build.Dense(theta) - ridge).L2Norm();
    Console.WriteLine($"{name,-34} {Loss(p, xTrain, yTrain),10:F5} {Loss(p, xTest, yTest),10:F4} {Norm(w, 2),8:F3} {Norm(w, 1),8:F3} {w.Max(Math.Abs),7:F3} {w.Count(v => Math.Abs(v) < 1e-3),9} {dist,14:E2}");
}
var ridgeW = ridge.SubVector(0, features).ToArray();
Console.WriteLine($"{"ridge closed form, λ=" + lambda,-34} {"",10} {"",10} {Norm(ridgeW, 2),8:F3} {Norm(ridgeW, 1),8:F3} {ridgeW.Max(Math.Abs),7:F3}");

static double Norm(double[] v, int p) => p == 1 ? v.Sum(Math.Abs) : Math.Sqrt(v.Sum(e => e * e));
