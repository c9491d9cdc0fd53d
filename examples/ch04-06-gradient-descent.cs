#:project ../src/Functional/Functional.csproj
// Chapters 4-6: a linear layer, the MSE loss and gradient descent by hand.
//   dotnet run examples/ch04-06-gradient-descent.cs
// The book descends on x itself: x ← x - lr·∂MSE(x, target)/∂x, 20 steps at lr = 1. For mean MSE over
// N elements the gradient is 2(x - t)/N, so each step multiplies the loss by (1 - 2·lr/N)²:
// (7/9)² for the book's 3×3 target.
using Functional;

// 1. A linear layer is a value plus pure functions: Init makes parameters, Forward runs it.
var layer = Nn.Linear(3, 2);
var init = layer.Init<float>(Shape.Of(-1, 3), new Rng(42));
var input = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
var forward = layer.Forward(init.Params, init.State, input, Context.Eval);
Console.WriteLine($"{layer}: weight {init.Params.ToDictionary()["weight"].Shape}, output {forward.Output.Shape}");

// 2. MSE, as F.mse_loss.
var mse = new MseLoss();
var prediction = Tensor.FromArray(new float[,] { { 1, 1 }, { 2, 2 } });
var target = Tensor.FromArray(new float[,] { { 0, 1 }, { 2, 0 } });
Console.WriteLine($"mse = {mse.Forward(prediction, target).Item()}   (PyTorch: 1.25)");

// 3. Gradient descent on x, 20 steps at lr = 1, from x = rand_like(target) as in the book.
var t = Tensor.FromArray(new float[,] { { .1f, .2f, .3f }, { .4f, .5f, .6f }, { .7f, .8f, .9f } });
var x = Tensor.Rand<float>(new Rng(1), 3, 3);
const float lr = 1f;
float? previous = null;
for (var i = 0; i < 20; i++)
{
    var loss = mse.Forward(x, t);                  // value and pullback
    x = x - loss.Gradient() * lr;                  // the pullback of 1 is ∂loss/∂x
    var ratio = previous is { } p ? $"  ratio {loss.Item() / p:F6} (7/9)² = {49.0 / 81:F6}" : "";
    Console.WriteLine($"step {i + 1,2}: loss={loss.Item():0.0000e+00}{ratio}");
    previous = loss.Item();
}
Console.WriteLine($"x after 20 steps: [{string.Join(", ", x.ToArray().Select(v => v.ToString("F4")))}]");
