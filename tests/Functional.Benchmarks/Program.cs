using Functional.Benchmarks;

// Usage: dotnet tests/Functional.Benchmarks/bin/Release/net10.0/Functional.Benchmarks.dll <workload> [options]
// Each workload is one subcommand; add new ones to this table.
var workloads = new Dictionary<string, (string Help, Func<string[], int> Run)>
{
    ["gemm"] = ("float32 GEMM: the library's path vs direct cblas_sgemm, managed kernel vs OpenBLAS (1 thread). Option: --reps N",
        GemmBenchmark.Run),
    ["mlp"] = ("end-to-end MLP epochs on Fashion-MNIST (784-256-128-10, Adam, batch 128). Options: --epochs N, --limit N (first N training images)",
        MlpBenchmark.Run),
    ["conv"] = ("float32 Conv2d forward and forward+pullback, the book CNN's first block at batch 256. Options: --reps N, --batch N, --threads N",
        ConvBenchmark.Run),
    ["lstm"] = ("forward + pullback of the CLI's rnn model core (bi-LSTM 4x128, batch 256, 28 steps, dropout 0.3, float32). Options: --reps N --batch B --hidden H --peer (alternate with peer/lstm.py)",
        LstmBenchmark.Run),
    ["cnn-layers"] = ("per-layer forward and pullback times, with the GEMM time inside each, of the book's CNN (or with --model fc the CLI's fc model) at batch 256 (profiling aid). Options: --model cnn|fc --reps N --batch B --cpu (CPU time, for single-threaded runs)",
        CnnLayersBenchmark.Run),
    ["adam"] = ("one Adam step (Update + ApplyUpdates) over a 784-256-128-10 float32 tree; see compare-adam.sh for the torch peer. Option: --reps N",
        AdamBenchmark.Run),
    ["infer"] = ("inference throughput (images/s) of the CLI's fc and cnn models at batch 1 and 256: ours vs ONNX Runtime on the exported model (and PyTorch 1.13 with --peer). Options: --reps N --rounds R --peer --layers --only fc|cnn",
        InferBenchmark.Run),
    ["micro"] = ("BenchmarkDotNet micro-benchmarks (Micro/): GEMM, element-wise kernels, Linear, LSTM, Conv2d, Adam. BDN's options follow, e.g. --filter '*Gemm*' --job short",
        Functional.Benchmarks.Micro.MicroBenchmarks.Run),
};

if (args.Length == 0 || !workloads.TryGetValue(args[0], out var workload))
{
    Console.Error.WriteLine("usage: Functional.Benchmarks <workload> [options]");
    foreach (var (name, (help, _)) in workloads) Console.Error.WriteLine($"  {name,-8} {help}");
    return args.Length == 0 ? 0 : 2;
}
try { return workload.Run(args[1..]); }
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"{args[0]}: {e.Message}");
    return 1;
}
