#:project ../src/Functional.Testing/Functional.Testing.csproj
// A custom layer from scratch: Swish with a learnable beta, y = x·σ(β·x) (Ramachandran et al., 2017).
// It shows the three things a layer needs (a parameter record, Init, Forward with its pullback), checks the
// pullback against finite differences with Functional.Testing, and trains it.
//   dotnet run examples/custom-layer.cs        (see docs/layers.md, "Writing your own layer")
using System.Numerics;
using Functional;
using Functional.Testing;
using static Functional.Nn;

// 1. Gradient check, in float64: the layer alone, then inside a network (every leaf, then the input).
GradCheck.Assert(GradCheck.Layer(new Swish(), Shape.Of(4, 5), new Rng(1)));
var report = GradCheck.Assert(GradCheck.Layer(Linear(3, 4).Then(new Swish(0.5)).Then(Linear(4, 1)), Shape.Of(6, 3), new Rng(2)));
Console.WriteLine(report);

// 2. Recover a known beta: data from y = x·σ(2x), a bare Swish starting at beta = 1.
var x = Tensor.Uniform<float>(new Rng(3), -4, 4, 256, 1);
var teacher = new Swish(2.0);
var y = teacher.Forward(teacher.Init<float>(x.Shape, new Rng(0)).Params, Tree.Empty<float>(), x, Context.Eval).Output;
var data = new Dataset<float>(x, y);
var trainer = new Trainer<float>(new Swish(), new MseLoss(), Optim.Adam(0.05));
var fit = trainer.Fit(trainer.Start(new Swish().Init<float>(Shape.Of(-1, 1), new Rng(4)), new Rng(5)), data, null,
    new FitOptions(Epochs: 60, BatchSize: 32));
var beta = ((Swish.Params<float>)fit.Params).Beta.Item();
Console.WriteLine($"\nrecovering beta = 2: learned beta {beta:F4}, final train loss {fit.History.TrainLoss[^1]:G3}");

// 3. A small network with a Swish hidden layer fits sin(2x) on [-3, 3].
var xs = Tensor.Uniform<float>(new Rng(6), -3, 3, 512, 1);
var ys = Tensor.FromArray(xs.ToArray().Select(v => MathF.Sin(2 * v)).ToArray(), 512, 1);
var net = Linear(1, 32).Then(new Swish()).Then(Linear(32, 1));
Console.WriteLine();
Console.WriteLine(Summary.Of(net, Shape.Of(-1, 1)));
var netTrainer = new Trainer<float>(net, new MseLoss(), Optim.Adam(1e-2));
var run = netTrainer.Fit(netTrainer.Start(net.Init<float>(Shape.Of(-1, 1), new Rng(7)), new Rng(8)), new Dataset<float>(xs, ys), null,
    new FitOptions(Epochs: 300, BatchSize: 64));
var learned = run.Params.ToDictionary()["1.beta"].Item();
Console.WriteLine($"sin(2x): train MSE {run.History.TrainLoss[0]:F4} after epoch 1, {run.History.TrainLoss[^1]:G3} after epoch {run.History.Epochs.Count}; learned beta {learned:F3}");

/// <summary>
/// Swish with a learnable beta, <c>y = x·σ(β·x)</c>, element-wise. One parameter, <c>beta</c> (shape [1]),
/// shared by every element, initialized to <paramref name="beta"/>. No state.
/// </summary>
sealed class Swish(double beta = 1.0) : Layer
{
    /// <summary>The parameters: one leaf, named <c>beta</c> as it would be in a PyTorch state dict.</summary>
    public sealed record Params<T>(Tensor<T> Beta) : Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The one place the leaves are declared: Leaves(), Map() and the rest come from it.
        protected override Tree<T> Rebuild(LeafVisitor<T> visit) => new Params<T>(visit.Leaf("beta", Beta));
    }

    public double InitialBeta { get; } = beta;

    public override string ToString() => $"Swish(beta={InitialBeta})";

    // Any input shape works, and the output has the same shape.
    public override Initialized<T> Init<T>(Shape input, Rng rng)
        => new(new Params<T>(Tensor.Full(T.CreateTruncating(InitialBeta), 1)), Tree.Empty<T>(), input);

    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> x, Context context)
    {
        var beta = Expect<Params<T>>(parameters).Beta;
        var s = new Sigmoid().Forward(x * beta).Output;         // σ(βx), broadcasting the [1]-shaped beta
        return new(x * s, state, (dy, needInputGrad) =>
        {
            var ds = s * (T.One - s);                            // σ'(βx)
            var dBeta = (dy * x * x * ds).Sum().Reshape(1);      // Σ dy·x²·σ'(βx), shaped like beta
            var dx = needInputGrad ? dy * (s + x * beta * ds) : null;
            return new Grads<T>(new Params<T>(dBeta), dx);
        });
    }
}
