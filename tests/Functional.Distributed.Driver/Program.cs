// The distributed tests' driver. Run once per rank by mpirun, or alone (a world of one rank):
//   train <f32|f64> <adam|sgdm|adamw> <mlp|bn1d|bn2d> <batch> <steps> <out.safetensors>
//       trains for <steps> steps of global batch <batch> on synthetic data (the arena poisoning dead arrays), and rank 0
//       writes the parameters and layer state to <out>; prints "rank R of S: loss L".
//   collectives
//       checks AllReduce, Broadcast and Barrier over float and double buffers, and prints "collectives ok" per rank.
//   differ
//       starts ranks from different seeds, so Trainer.Start's check must fail on every rank.
using System.Globalization;
using System.Numerics;
using Functional;

var comm = Communicator.World;
try
{
    return args.FirstOrDefault() switch
    {
        "train" when args.Length == 7 && args[1] == "f64" => Train<double>(comm, args),
        "train" when args.Length == 7 && args[1] == "f32" => Train<float>(comm, args),
        "collectives" => Collectives(comm),
        "differ" => Differ(comm),
        _ => Usage(),
    };
}
catch (Exception e)
{
    Console.Error.WriteLine($"rank {comm.Rank}: {e.GetType().Name}: {e.Message}");
    return 3;
}

static int Usage()
{
    Console.Error.WriteLine("usage: driver train <f32|f64> <adam|sgdm|adamw> <mlp|bn1d|bn2d> <batch> <steps> <out> | collectives | differ");
    return 2;
}

static int Train<T>(Communicator comm, string[] args) where T : unmanaged, IFloatingPointIeee754<T>
{
    var (opt, model, batch, steps, output) = (args[2], args[3], int.Parse(args[4], CultureInfo.InvariantCulture), int.Parse(args[5], CultureInfo.InvariantCulture), args[6]);
    var sync = comm.Size > 1;
    var (net, shape) = model switch
    {
        "mlp" => (Nn.Sequential(Nn.Linear(12, 32), Nn.Tanh(), Nn.Linear(32, 16), Nn.ReLU(), Nn.Linear(16, 3)), new[] { -1, 12 }),
        "bn1d" => (Nn.Sequential(Nn.Linear(12, 16, bias: false), sync ? Distributed.SyncBatchNorm(comm, 16) : Nn.BatchNorm1d(16), Nn.ReLU(), Nn.Linear(16, 3)), new[] { -1, 12 }),
        "bn2d" => (Nn.Sequential(Nn.Conv2d(2, 4, 3, padding: 1, bias: false), sync ? Distributed.SyncBatchNorm(comm, 4) : Nn.BatchNorm2d(4), Nn.ReLU(), Nn.Flatten(), Nn.Linear(4 * 6 * 2, 3)), new[] { -1, 2, 6, 2 }),
        _ => throw new ArgumentException($"unknown model {model}"),
    };
    GradientTransformation optimizer = opt switch
    {
        "adam" => Optim.Adam(1e-2),
        "sgdm" => Optim.Sgd(5e-2, momentum: 0.9),
        "adamw" => Optim.AdamW(1e-2, weightDecay: 0.1),
        _ => throw new ArgumentException($"unknown optimizer {opt}"),
    };
    // Every rank makes the same data from the same key; the trainer gives each its slice of every global batch.
    var rows = batch * steps;
    var data = new Rng(7);
    var features = Tensor.Randn<T>(data.Fold(1), [rows, .. shape[1..]]);
    var labels = Enumerable.Range(0, rows).Select(i => (double)(int)(data.Fold(2).Uniform((ulong)i) * 3)).ToArray();
    var train = new Dataset<T>(features, Tensor.FromDoubles<T>(labels, rows));
    var trainer = Distributed.Trainer<T>(net, new CrossEntropyLoss(), optimizer, comm) with { PoisonRecycled = true };
    var state = trainer.Start(net.Init<T>(Shape.Of(shape), new Rng(11)), new Rng(13));
    var (final, loss) = trainer.Epoch(state, train, batch);
    var layerState = trainer.BroadcastLayerState(final.LayerState);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rank {comm.Rank} of {comm.Size}: loss {loss:R} steps {final.Step}"));
    var seconds = final.OptState.Find<MeanGradientsState>()?.AllReduceSeconds ?? 0;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rank {comm.Rank}: all-reduce {seconds / Math.Max(1, final.Step) * 1e6:F1} us/step"));
    if (comm.Rank == 0)
        SafeTensors.SaveTree(output, final.Params, layerState, new Dictionary<string, string> { ["loss"] = loss.ToString("R", CultureInfo.InvariantCulture) });
    return 0;
}

static int Collectives(Communicator comm)
{
    var (r, n) = (comm.Rank, comm.Size);
    Span<float> f = [r + 1, 2 * (r + 1), 0.5f];
    comm.AllReduce(f);
    var tri = n * (n + 1) / 2f;
    Check(f[0] == tri && f[1] == 2 * tri && f[2] == 0.5f * n, $"float all-reduce gave [{f[0]}, {f[1]}, {f[2]}]");
    Span<double> d = [r * 0.25, 1e-300];
    comm.AllReduce(d);
    Check(d[0] == 0.25 * (n - 1) * n / 2 && d[1] == 1e-300 * n, $"double all-reduce gave [{d[0]}, {d[1]}]");
    Span<double> b = [r == n - 1 ? 42.5 : -1];
    comm.Broadcast(b, n - 1);
    Check(b[0] == 42.5, $"broadcast gave {b[0]}");
    var t = comm.AllReduce(Tensor.FromArray(new float[] { 1, 2 }, 2));
    Check(t.Span[0] == n && t.Span[1] == 2 * n, $"tensor all-reduce gave {t}");
    comm.Barrier();
    Console.WriteLine($"rank {r} of {n}: collectives ok ({comm})");
    return 0;

    static void Check(bool ok, string what) { if (!ok) throw new InvalidOperationException(what); }
}

static int Differ(Communicator comm)
{
    var net = Nn.Linear(4, 2);
    var trainer = Distributed.Trainer<float>(net, new MseLoss(), Optim.Sgd(0.1), comm);
    trainer.Start(net.Init<float>(Shape.Of(-1, 4), new Rng((ulong)(1 + comm.Rank))), new Rng(1));
    Console.WriteLine($"rank {comm.Rank}: started");
    return 0;
}
