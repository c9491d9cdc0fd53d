#!/usr/bin/env dotnet
#:project ../src/Functional/Functional.csproj
#:include Shared/Options.cs
// Sequence regression: forecast a noisy sine one step ahead with a GRU (or --cell lstm), many-to-one.
//   dotnet run -c Release examples/sine-forecast.cs [-- --epochs 30 --window 32 --hidden 32 --noise 0.1 --cell gru --seed 0]
// The series is y_t = sin(2π t / 50) + ε_t, with ε_t ~ N(0, noise²) drawn from the seeded Rng, for t = 0..2999.
// Each sample is a window of --window values (batch, time, 1) and its target is the next value. The first 80% of
// the series trains (windows shuffled), the last 20% tests (no window crosses the boundary). Model:
// GRU(1, hidden).Last() → Linear(hidden, 1), MSE, Adam lr 1e-2, batch 64. Prints train and test MSE beside two
// baselines: the naive last value (y_{t+1} ≈ y_t) and the noise floor noise² (the best any forecaster can do).
using Functional;

var cli = new Options(args);

var epochs = cli.Int("--epochs", 30);
var window = cli.Int("--window", 32);
var hidden = cli.Int("--hidden", 32);
var seed = cli.Int("--seed", 0);
var noise = cli.Double("--noise", 0.1);
var cellName = cli.String("--cell") ?? "gru";
const int length = 3000, period = 50, batchSize = 64;

var noiseKey = new Rng((ulong)seed).Fold(3);
var series = Enumerable.Range(0, length).Select(t => (float)(Math.Sin(2 * Math.PI * t / period) + noise * noiseKey.Normal((ulong)t))).ToArray();
var split = length * 8 / 10;
Dataset<float> Windows(int from, int to)   // windows series[s..s+window) → series[s+window], with s+window in [from+window, to)
{
    var n = to - from - window;
    var x = new float[n * window];
    var y = new float[n];
    for (var i = 0; i < n; i++)
    {
        Array.Copy(series, from + i, x, i * window, window);
        y[i] = series[from + i + window];
    }
    return new Dataset<float>(Tensor.FromArray(x, n, window, 1), Tensor.FromArray(y, n, 1));
}
var (train, test) = (Windows(0, split), Windows(split, length));
Console.WriteLine($"noisy sine (period {period}, noise σ {noise}): train {train.Count} windows, test {test.Count}, window {window}; " +
                  $"{cellName} {hidden}, {epochs} epochs, batch {batchSize}");

SequenceLayer rnn = cellName == "lstm" ? Nn.Lstm(1, hidden) : Nn.Gru(1, hidden);
var model = rnn.Last().Then(Nn.Linear(hidden, 1));
var trainer = new Trainer<float>(model, new MseLoss(), Optim.Adam(1e-2));
var state = trainer.Start(model.Init<float>(Shape.Of(-1, window, 1), new Rng((ulong)seed)), new Rng((ulong)seed).Fold(1));
var clock = System.Diagnostics.Stopwatch.StartNew();
void Observe(TrainingEvent e)
{
    if (e is TrainingEvent.EpochEnd { Record: var r } && (r.Epoch % 5 == 4 || r.Epoch == 0))
        Console.WriteLine($"Epoch {r.Epoch + 1}: train MSE {r.TrainLoss:F5}, test MSE {r.ValidLoss:F5}  ({clock.Elapsed.TotalSeconds:F0} s)");
}
var run = trainer.Fit(state, train, test, new FitOptions(epochs, batchSize, RestoreBest: false, EvalBatchSize: 1000), Observe);

double Mse(Dataset<float> d) => trainer.Predict(run.Params, run.LayerState, d.Features).Span.ToArray()
    .Zip(d.Targets.Span.ToArray(), (p, t) => (double)(p - t) * (p - t)).Average();
double Naive(Dataset<float> d)   // predict the window's last value
{
    var x = d.Features.Span;
    var y = d.Targets.Span;
    var sum = 0.0;
    for (var i = 0; i < d.Count; i++) sum += Math.Pow(x[i * window + window - 1] - y[i], 2);
    return sum / d.Count;
}
Console.WriteLine($"{"",-22}{"train MSE",12}{"test MSE",12}");
Console.WriteLine($"{cellName + " forecast",-22}{Mse(train),12:F5}{Mse(test),12:F5}");
Console.WriteLine($"{"naive last value",-22}{Naive(train),12:F5}{Naive(test),12:F5}");
Console.WriteLine($"{"noise floor σ²",-22}{noise * noise,12:F5}{noise * noise,12:F5}");
