using BenchmarkDotNet.Attributes;

namespace Functional.Benchmarks.Micro;

/// <summary>
/// One Adam step (lr 1e-3, default betas) over the parameter tree of a 784-256-128-10 MLP in float32 (235,146
/// parameters in 6 tensors), set up as the <c>adam</c> subcommand does: <c>Update</c> then <c>ApplyUpdates</c>, the
/// optimizer state initialised once and threaded through the steps, the gradients fixed.
/// </summary>
[MemoryDiagnoser]
public class AdamBenchmarks
{
    readonly GradientTransformation adam = Optim.Adam(1e-3);
    Tree<float> parameters = null!, grads = null!;
    OptState state = null!;

    [GlobalSetup]
    public void Setup()
    {
        var net = Nn.Sequential(Nn.Linear(784, 256), Nn.ReLU(), Nn.Linear(256, 128), Nn.ReLU(), Nn.Linear(128, 10));
        parameters = net.Init<float>(Shape.Of(-1, 784), new Rng(1)).Params;
        grads = net.Init<float>(Shape.Of(-1, 784), new Rng(2)).Params;   // fixed gradients of the same shapes
        state = adam.Init(parameters);
    }

    [Benchmark(Description = "Adam step (Update+ApplyUpdates)")]
    public Tree<float> Step()
    {
        var (updates, next) = adam.Update(grads, state, parameters);
        parameters = Optim.ApplyUpdates(parameters, updates);
        state = next;
        return parameters;
    }
}
