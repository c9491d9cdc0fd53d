#:project ../src/Functional/Functional.csproj
// A first look at Functional: tensors, a tiny network, a forward pass and its pullback.
//   dotnet run examples/explore.cs
// The same code, for a REPL, is in explore.csx.
using Functional;
using static Functional.Nn;

// Tensors are immutable values, row-major, batch first.
var x = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
Console.WriteLine($"x: {x.Shape}, x[1, 2] = {x[1, 2]}, x·2 + 1 = [{string.Join(", ", (x * 2f + 1f).ToArray())}]");

// A network is a value; parameters come from Init with an explicit random key.
var net = Linear(3, 4).Then(ReLU()).Then(Linear(4, 1));
var init = net.Init<float>(Shape.Of(-1, 3), new Rng(42));
Console.WriteLine(net);
foreach (var (name, value) in init.Params.Leaves()) Console.WriteLine($"  {name}: {value.Shape}");

// Forward returns the output and a pullback: the map from the output's gradient to the gradients.
var fwd = net.Forward(init.Params, init.State, x, Context.Eval);
var target = Tensor.FromArray(new float[,] { { 1 }, { 0 } });
var loss = new MseLoss().Forward(fwd.Output, target);
var grads = fwd.Pullback(loss.Gradient());
Console.WriteLine($"output {fwd.Output.Shape}: [{string.Join(", ", fwd.Output.ToArray())}], loss {loss.Item()}");
foreach (var (name, g) in grads.Params.Leaves()) Console.WriteLine($"  ∂loss/∂{name}: {g.Shape}");

// One step of gradient descent is a new parameter value; the old one is unchanged.
var next = init.Params.AddScaled(grads.Params, -0.1f);
var after = new MseLoss().Forward(net.Forward(next, init.State, x, Context.Eval).Output, target).Item();
Console.WriteLine($"loss after one step at lr 0.1: {after}");

// The shipped data sets load as values too.
var iris = Datasets.Iris().ThrowIfFail();
Console.WriteLine(iris);

// Where the arithmetic runs: the GEMM backend, and (auto, the default with OpenBLAS) the backend chosen for each
// matrix shape met so far on this machine: timed once, kept in ~/.cache/functional, the same in every later run.
Console.WriteLine(Blas.Describe());
foreach (var choice in Blas.PlanChoices.Take(5)) Console.WriteLine($"  {choice}");
