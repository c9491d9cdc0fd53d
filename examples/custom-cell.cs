#:project ../src/Functional.Testing/Functional.Testing.csproj
// A recurrent cell of your own: an update-gate-only unit, the GRU without its reset gate,
//   z = σ(W_iz·x + b_iz + W_hz·h + b_hz),   n = tanh(W_in·x + b_in + W_hn·h + b_hn),   h' = z·h + (1 − z)·n.
// A cell gives its gate count, the width of what its pullback keeps, the gate function and that function's
// pullback; the library does the rest: parameters under PyTorch-style names, the scan over time (one input GEMM for
// all steps), bidirectional and stacked layers, lengths, truncated BPTT, and the gradient check.
//   dotnet run examples/custom-cell.cs        (see docs/layers/recurrent.md, "Writing your own cell")
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Functional;
using Functional.Testing;
using static Functional.Nn;
using TP = System.Numerics.Tensors.TensorPrimitives;

// 1. The gradient property: the cell scanned over random sequences (batch 1-3, time 1-5, features 1-4), every leaf
//    and the input against central finite differences in float64, on 100 random cases. Then one cell step alone.
GradientProperty.ForLayer(s => Scan(new UpdateGateCell(s[2], 3)), Gens.ShapeOfRank(3, maxDim: 5)).QuickCheckThrowOnFailure();
Console.WriteLine("gradient property: 100 random scans passed");
var bi = Bidirectional(Scan(new UpdateGateCell(2, 4))).Last();
Console.WriteLine(GradCheck.Assert(GradCheck.Layer(bi, Shape.Of(3, 6, 2), new Rng(1))));

// 2. One step by hand: the same contract as every layer, with the input (x_t, h) and output (h') as records.
var cell = new UpdateGateCell(2, 3);
var p = cell.Init<double>(new Rng(2));
var step = cell.Step(p, new CellInput<double>(Tensor.Ones<double>(1, 2), cell.ZeroState<double>(1)));
var grads = step.Pullback(new CellState<double>(Tensor.Ones<double>(1, 3), null));
Console.WriteLine($"\none step: h' = {step.Output.H}");
Console.WriteLine($"d/dx_t = {grads.Input!.X}, d/dh = {grads.Input.H}, parameters {string.Join(", ", grads.Params.Paths())}");

// 3. Train it: the sum of a sequence of 10 uniform numbers, read from the last step (many-to-one).
var rng = new Rng(3);
var xs = Tensor.Uniform<float>(rng.Fold(0), -1, 1, 2048, 10, 1);
var ys = xs.Sum(1);                                                            // (2048, 1)
var net = Scan(new UpdateGateCell(1, 16)).Last().Then(Linear(16, 1));
var trainer = new Trainer<float>(net, new MseLoss(), Optim.Adam(1e-2));
var run = trainer.Fit(trainer.Start(net.Init<float>(Shape.Of(-1, 10, 1), rng.Fold(1)), rng.Fold(2)), new Dataset<float>(xs, ys), null,
    new FitOptions(Epochs: 30, BatchSize: 64));
var test = Tensor.Uniform<float>(rng.Fold(4), -1, 1, 256, 10, 1);
var mse = new MseLoss().Forward(net.Apply(run.Params, run.LayerState, test), test.Sum(1)).Item();
Console.WriteLine($"\nsum of 10 numbers: train MSE {run.History.TrainLoss[0]:F4} after epoch 1, {run.History.TrainLoss[^1]:F5} after 30; "
    + $"test MSE {mse:F5} (predicting 0 gives {10 / 3.0:F2})");

/// <summary>
/// The GRU without a reset gate: two gate blocks stacked as (z, n), so <c>weight_ih</c> is (2·hidden, in). The state is
/// <c>h</c> alone. Its pullback keeps z and n per row and step.
/// </summary>
sealed class UpdateGateCell(int inputSize, int hiddenSize, bool bias = true) : Cell(inputSize, hiddenSize, bias)
{
    public override int Gates => 2;
    public override bool HasCellState => false;
    protected override string Name => "UpdateGateCell";
    public override Cell WithInputSize(int inputSize) => new UpdateGateCell(inputSize, HiddenSize, HasBias);

    // Per row: z, then n.
    protected override int CacheWidth => 2 * HiddenSize;

    // gi = W_ih·x + b_ih and gh = W_hh·h + b_hh, each rows × (2·hidden), gates in the order z, n.
    protected override void Gate<T>(int rows, ReadOnlySpan<T> gi, ReadOnlySpan<T> gh, ReadOnlySpan<T> h, ReadOnlySpan<T> c,
        Span<T> hOut, Span<T> cOut, Span<T> cache)
    {
        var H = HiddenSize;
        for (var r = 0; r < rows; r++)
        {
            var a = cache.Slice(r * 2 * H, 2 * H);
            TP.Add(gi.Slice(r * 2 * H, 2 * H), gh.Slice(r * 2 * H, 2 * H), a);
            TP.Sigmoid(a[..H], a[..H]);                                  // z
            TP.Tanh(a[H..], a[H..]);                                     // n
            for (var j = 0; j < H; j++)
            {
                T z = a[j], n = a[H + j];
                hOut[r * H + j] = z * h[r * H + j] + (T.One - z) * n;
            }
        }
    }

    // From dh' to the gradients of both projections (equal here: the gate adds them) and of h through z·h.
    protected override void GateBack<T>(int rows, ReadOnlySpan<T> cache, ReadOnlySpan<T> h, ReadOnlySpan<T> c, ReadOnlySpan<T> dhOut,
        ReadOnlySpan<T> dcOut, Span<T> dGi, Span<T> dGh, Span<T> dh, Span<T> dc)
    {
        var H = HiddenSize;
        for (var r = 0; r < rows; r++)
            for (var j = 0; j < H; j++)
            {
                int i = r * H + j, g = r * 2 * H + j;
                T z = cache[g], n = cache[g + H], d = dhOut[i];
                var dz = d * (h[i] - n) * z * (T.One - z);
                var dn = d * (T.One - z) * (T.One - n * n);
                dGi[g] = dGh[g] = dz;
                dGi[g + H] = dGh[g + H] = dn;
                dh[i] = d * z;
            }
    }
}
