using System.Diagnostics;

namespace Functional.Benchmarks;

/// <summary>
/// One Adam step (lr 1e-3, default betas) over the parameter tree of a 784-256-128-10 MLP in float32
/// (235,146 parameters in 6 tensors): <c>Update</c> then <c>ApplyUpdates</c>, the state initialised once and
/// threaded through the steps, the gradients fixed. Prints the median and best microseconds per step and a
/// machine-readable <c>median_us</c> line for compare-adam.sh, which times peer/adam.py (torch.optim.Adam) alternately.
/// </summary>
static class AdamBenchmark
{
    public static int Run(string[] args)
    {
        var reps = Timing.Option(args, "--reps", 2000);
        var net = Nn.Sequential(Nn.Linear(784, 256), Nn.ReLU(), Nn.Linear(256, 128), Nn.ReLU(), Nn.Linear(128, 10));
        var parameters = net.Init<float>(Shape.Of(-1, 784), new Rng(1)).Params;
        var grads = net.Init<float>(Shape.Of(-1, 784), new Rng(2)).Params;   // fixed gradients of the same shapes
        var adam = Optim.Adam(1e-3);
        var state = adam.Init(parameters);

        void Step()
        {
            var (updates, next) = adam.Update(grads, state, parameters);
            parameters = Optim.ApplyUpdates(parameters, updates);
            state = next;
        }

        for (var i = 0; i < Math.Max(50, reps / 10); i++) Step();   // warm-up (JIT tiers, allocator)
        var times = new double[reps];
        for (var r = 0; r < reps; r++)
        {
            var start = Stopwatch.GetTimestamp();
            Step();
            times[r] = Stopwatch.GetElapsedTime(start).TotalSeconds * 1e6;
        }
        Array.Sort(times);
        var median = reps % 2 == 1 ? times[reps / 2] : (times[reps / 2 - 1] + times[reps / 2]) / 2;
        var count = parameters.Leaves().Sum(l => l.Value.Size);
        Console.WriteLine($"# Adam step, 784-256-128-10 float32 ({count:N0} parameters), ours, median of {reps} reps after warm-up");
        Console.WriteLine($"median {median:F1} us, best {times[0]:F1} us");
        Console.WriteLine($"median_us {median:F3}");
        return 0;
    }
}
