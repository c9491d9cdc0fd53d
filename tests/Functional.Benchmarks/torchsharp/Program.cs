// TorchSharp 0.107 (LibTorch 2.10, CPU) peer of the Fashion-MNIST training benchmarks.
// Same models, data handling, batches, optimiser and timing span as the PyTorch peers in ../peer/:
//   --model mlp           ../peer/mlp.py: 784-256-128-10 ReLU, cross-entropy, Adam 1e-3, batch 128, no validation;
//                          epoch_seconds covers the training epoch only.
//   --model fc|cnn|rnn    ../peer/fc_train.py: the book's ImageClassifier / ConvolutionalClassifier /
//                          SequenceClassifier, NLLLoss, Adam 1e-3, batch 256, 80/20 split, validation each epoch,
//                          best-validation weights kept for the test; epoch_seconds covers train + validation.
// Output: one `epoch_seconds X` line per epoch, `Accuracy: 0.xxxx` on the test set, `peak_rss_mb X`.
// Build with ./build.sh (it patches libLibTorchSharp.so so that it loads on Debian bookworm); see ../README.md.
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchSharpPeer;

internal static class Program
{
    private const string Usage =
        "usage: TorchSharpPeer --check\n" +
        "       TorchSharpPeer --model mlp|fc|cnn|rnn [--epochs N] [--limit L] [--threads T] [--data-dir DIR] [--seed S]\n" +
        "                      [--batch-size B] [--n-layers K] [--hidden-size H] [--dropout-p P]";

    private static int Main(string[] args)
    {
        if (args is ["--check"])
        {
            // Loads the native libraries (build.sh runs this after patching) and does one small computation.
            using var m = torch.arange(6, ScalarType.Float32).reshape(2, 3);
            using var p = m.matmul(m.t());
            Console.WriteLine(FormattableString.Invariant(
                $"torchsharp loads: TorchSharp {typeof(torch).Assembly.GetName().Version}, [[0,1,2],[3,4,5]] times its transpose sums to {p.sum().item<float>()}"));
            return 0;
        }

        Options o;
        try
        {
            o = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        torch.set_num_threads(o.Threads);
        torch.manual_seed(o.Seed);
        Console.WriteLine(FormattableString.Invariant(
            $"torchsharp: model {o.Model}, epochs {o.Epochs}, limit {o.Limit}, threads {torch.get_num_threads()}, seed {o.Seed}, batch {o.BatchSize}"));

        if (o.Model == "mlp")
        {
            Mlp(o);
        }
        else
        {
            Book(o);
        }

        Console.WriteLine(FormattableString.Invariant($"peak_rss_mb {PeakRssMb():F0}"));
        return 0;
    }

    /// <summary>../peer/mlp.py: random permutation each epoch, index batches of 128, Adam 1e-3.</summary>
    private static void Mlp(Options o)
    {
        using var x = Idx.Images(o.DataDir, "train", o.Limit);
        using var y = Idx.Labels(o.DataDir, "train", o.Limit);
        using var xt = Idx.Images(o.DataDir, "t10k", 0);
        using var yt = Idx.Labels(o.DataDir, "t10k", 0);

        var model = Sequential(Linear(784, 256), ReLU(), Linear(256, 128), ReLU(), Linear(128, 10));
        var opt = torch.optim.Adam(model.parameters(), lr: 1e-3);
        var lossFn = CrossEntropyLoss();
        long n = x.shape[0];
        for (int e = 0; e < o.Epochs; e++)
        {
            var sw = Stopwatch.StartNew();
            double total = 0;
            int count = 0;
            using (NewDisposeScope())
            {
                var perm = torch.randperm(n);
                for (long i = 0; i < n; i += o.BatchSize)
                {
                    using var scope = NewDisposeScope();
                    var idx = perm.narrow(0, i, Math.Min(o.BatchSize, n - i));
                    var loss = lossFn.call(model.call(x.index_select(0, idx)), y.index_select(0, idx));
                    opt.zero_grad();
                    loss.backward();
                    opt.step();
                    total += loss.item<float>();
                    count++;
                }
            }

            double s = sw.Elapsed.TotalSeconds;
            Console.WriteLine(FormattableString.Invariant($"epoch {e + 1}: train loss {total / count:F4}"));
            Console.WriteLine(FormattableString.Invariant($"epoch_seconds {s:F3}"));
        }

        model.eval();
        Console.WriteLine(FormattableString.Invariant($"Accuracy: {Accuracy(model, xt, yt):F4}"));
    }

    /// <summary>../peer/fc_train.py: 80/20 split after one permutation, split batches of a permuted copy each epoch,
    /// validation each epoch, weights of the lowest validation loss kept for the test.</summary>
    private static void Book(Options o)
    {
        using var x = Idx.Images(o.DataDir, "train", o.Limit);
        using var y = Idx.Labels(o.DataDir, "train", o.Limit);
        long count = x.shape[0];
        long nTrain = (long)(count * 0.8);
        using var split = torch.randperm(count);
        using var xs = x.index_select(0, split);
        using var ys = y.index_select(0, split);
        using var xTrain = xs.narrow(0, 0, nTrain);
        using var yTrain = ys.narrow(0, 0, nTrain);
        using var xValid = xs.narrow(0, nTrain, count - nTrain);
        using var yValid = ys.narrow(0, nTrain, count - nTrain);
        Console.WriteLine($"Train: [{nTrain}, 784] [{nTrain}]");
        Console.WriteLine($"Valid: [{count - nTrain}, 784] [{count - nTrain}]");

        Module<Tensor, Tensor> model = o.Model switch
        {
            "fc" => new ImageClassifier(784, 10, HiddenSizes(784, 10, o.NLayers ?? 5)),
            "cnn" => new ConvolutionalClassifier(10),
            _ => new SequenceClassifier(o.HiddenSize, 10, o.NLayers ?? 4, o.DropoutP),
        };
        var optimizer = torch.optim.Adam(model.parameters());
        var crit = NLLLoss();
        double lowest = double.PositiveInfinity;
        Dictionary<string, Tensor>? best = null;
        for (int epoch = 0; epoch < o.Epochs; epoch++)
        {
            var sw = Stopwatch.StartNew();
            double trainLoss, validLoss;
            using (NewDisposeScope())
            {
                model.train();
                var perm = torch.randperm(nTrain);
                var xb = xTrain.index_select(0, perm).split(o.BatchSize);
                var yb = yTrain.index_select(0, perm).split(o.BatchSize);
                double total = 0;
                for (int b = 0; b < xb.Length; b++)
                {
                    using var scope = NewDisposeScope();
                    var loss = crit.call(model.call(xb[b]), yb[b]);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    total += loss.item<float>();
                }

                trainLoss = total / xb.Length;
                model.eval();
                using (torch.no_grad())
                {
                    var xv = xValid.split(o.BatchSize);
                    var yv = yValid.split(o.BatchSize);
                    double sum = 0;
                    for (int b = 0; b < xv.Length; b++)
                    {
                        using var scope = NewDisposeScope();
                        sum += crit.call(model.call(xv[b]), yv[b]).item<float>();
                    }

                    validLoss = sum / xv.Length;
                }
            }

            double elapsed = sw.Elapsed.TotalSeconds;
            if (validLoss <= lowest)
            {
                lowest = validLoss;
                if (best is not null)
                {
                    foreach (var t in best.Values)
                    {
                        t.Dispose();
                    }
                }

                best = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
            }

            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "Epoch({0}/{1}): train_loss={2:0.0000e+00}  valid_loss={3:0.0000e+00}  lowest_loss={4:0.0000e+00}",
                epoch + 1, o.Epochs, trainLoss, validLoss, lowest));
            Console.WriteLine(FormattableString.Invariant($"epoch_seconds {elapsed:F3}"));
        }

        if (best is not null)
        {
            model.load_state_dict(best);
        }

        model.eval();
        using var xt = Idx.Images(o.DataDir, "t10k", 0);
        using var yt = Idx.Labels(o.DataDir, "t10k", 0);
        Console.WriteLine(FormattableString.Invariant($"Accuracy: {Accuracy(model, xt, yt):F4}"));
    }

    /// <summary>Whole test set in one forward pass, as the Python peers do.</summary>
    private static double Accuracy(Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        return model.call(x).argmax(1).eq(y).to_type(ScalarType.Float32).mean().item<float>();
    }

    /// <summary>The book's get_hidden_sizes: n_layers - 1 sizes stepping evenly from input to output.</summary>
    private static long[] HiddenSizes(int input, int output, int layers)
    {
        int step = (input - output) / layers;
        var sizes = new long[layers - 1];
        long current = input;
        for (int i = 0; i < sizes.Length; i++)
        {
            current -= step;
            sizes[i] = current;
        }

        return sizes;
    }

    private static double PeakRssMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return double.Parse(kb, CultureInfo.InvariantCulture) / 1e3;
            }
        }

        return double.NaN;
    }
}

/// <summary>Command-line options; the interface tests/Functional.Benchmarks/compare.py relies on.</summary>
internal sealed record Options(
    string Model, int Epochs, int Limit, int Threads, string DataDir, int Seed, int BatchSize,
    int? NLayers, int HiddenSize, double DropoutP)
{
    public static Options Parse(string[] args)
    {
        string? model = null, dataDir = "/usr/share/datasets/fashion-mnist";
        int? epochs = null, seed = null, batch = null, layers = null;
        int limit = 0, threads = 2, hidden = 128;
        double dropout = 0.3;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt()
            {
                string name = args[i], v = Next();
                return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int r)
                    ? r : throw new ArgumentException($"{name}: not an integer: {v}");
            }

            switch (args[i])
            {
                case "--model": model = Next(); break;
                case "--epochs": epochs = NextInt(); break;
                case "--limit": limit = NextInt(); break;
                case "--threads": threads = NextInt(); break;
                case "--data-dir": dataDir = Next(); break;
                case "--seed": seed = NextInt(); break;
                case "--batch-size": batch = NextInt(); break;
                case "--n-layers": layers = NextInt(); break;
                case "--hidden-size": hidden = NextInt(); break;
                case "--dropout-p":
                    string d = Next();
                    dropout = double.TryParse(d, NumberStyles.Float, CultureInfo.InvariantCulture, out double p)
                        ? p : throw new ArgumentException($"--dropout-p: not a number: {d}");
                    break;
                case "-h" or "--help": throw new ArgumentException("TorchSharp peer of the Fashion-MNIST benchmarks");
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }

        if (model is not ("mlp" or "fc" or "cnn" or "rnn"))
        {
            throw new ArgumentException("--model must be mlp, fc, cnn or rnn");
        }

        if (threads < 1 || limit < 0 || (epochs ?? 1) < 1 || (batch ?? 1) < 1 || (layers ?? 2) < 2)
        {
            throw new ArgumentException("--threads, --epochs, --batch-size must be >= 1, --n-layers >= 2, --limit >= 0");
        }

        bool mlp = model == "mlp";
        // Defaults follow each Python peer: mlp.py (3 epochs, seed 1, batch 128), fc_train.py (20 epochs, seed 42, batch 256).
        return new Options(model, epochs ?? (mlp ? 3 : 20), limit, threads, dataDir, seed ?? (mlp ? 1 : 42),
            batch ?? (mlp ? 128 : 256), layers, hidden, dropout);
    }
}

/// <summary>IDX files (Fashion-MNIST), gzip-compressed or raw: the .gz file is used when it exists.</summary>
internal static class Idx
{
    /// <summary>Images as float32 [N, rows*cols] scaled to [0, 1]; the first <paramref name="limit"/> (0 = all).</summary>
    public static Tensor Images(string dir, string split, int limit)
    {
        var (dims, data) = Read(dir, split + "-images-idx3-ubyte");
        int n = Take(dims[0], limit);
        int size = dims[1] * dims[2];
        var values = new float[n * size];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = data[i] / 255f;
        }

        return torch.tensor(values, new long[] { n, size });
    }

    /// <summary>Labels as int64 [N]; the first <paramref name="limit"/> (0 = all).</summary>
    public static Tensor Labels(string dir, string split, int limit)
    {
        var (dims, data) = Read(dir, split + "-labels-idx1-ubyte");
        int n = Take(dims[0], limit);
        var values = new long[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = data[i];
        }

        return torch.tensor(values);
    }

    private static int Take(int available, int limit) => limit > 0 ? Math.Min(limit, available) : available;

    private static (int[] Dims, ArraySegment<byte> Data) Read(string dir, string name)
    {
        string gz = Path.Combine(dir, name + ".gz"), raw = Path.Combine(dir, name);
        byte[] bytes;
        if (File.Exists(gz))
        {
            using var file = File.OpenRead(gz);
            using var unzip = new GZipStream(file, CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            unzip.CopyTo(buffer);
            bytes = buffer.ToArray();
        }
        else if (File.Exists(raw))
        {
            bytes = File.ReadAllBytes(raw);
        }
        else
        {
            throw new FileNotFoundException($"neither {gz} nor {raw} exists");
        }

        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08)
        {
            throw new InvalidDataException($"{name}: not an unsigned-byte IDX file");
        }

        int rank = bytes[3];
        var dims = new int[rank];
        long expected = 1;
        for (int d = 0; d < rank; d++)
        {
            int o = 4 + 4 * d;
            dims[d] = (bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3];
            expected *= dims[d];
        }

        int offset = 4 + 4 * rank;
        if (bytes.Length - offset != expected)
        {
            throw new InvalidDataException($"{name}: {bytes.Length - offset} data bytes, header says {expected}");
        }

        return (dims, new ArraySegment<byte>(bytes, offset, bytes.Length - offset));
    }
}

/// <summary>The book's ImageClassifier: blocks of Linear -> LeakyReLU -> BatchNorm1d, then Linear -> LogSoftmax.</summary>
internal sealed class ImageClassifier : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public ImageClassifier(long input, long output, long[] hidden) : base(nameof(ImageClassifier))
    {
        var modules = new List<Module<Tensor, Tensor>>();
        long last = input;
        foreach (long h in hidden)
        {
            modules.Add(Sequential(Linear(last, h), LeakyReLU(), BatchNorm1d(h)));
            last = h;
        }

        modules.Add(Linear(last, output));
        modules.Add(LogSoftmax(-1));
        layers = Sequential(modules);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => layers.call(x);
}

/// <summary>The book's ConvolutionalClassifier: five conv blocks (3x3 pad 1, then 3x3 stride 2), then an MLP head.</summary>
internal sealed class ConvolutionalClassifier : Module<Tensor, Tensor>
{
    private readonly Sequential blocks;
    private readonly Sequential layers;

    public ConvolutionalClassifier(long output) : base(nameof(ConvolutionalClassifier))
    {
        var convs = new List<Module<Tensor, Tensor>>();
        foreach (var (i, o) in new (long, long)[] { (1, 32), (32, 64), (64, 128), (128, 256), (256, 512) })
        {
            convs.Add(Sequential(
                Conv2d(i, o, 3, padding: 1), ReLU(), BatchNorm2d(o),
                Conv2d(o, o, 3, stride: 2, padding: 1), ReLU(), BatchNorm2d(o)));
        }

        blocks = Sequential(convs);
        layers = Sequential(Linear(512, 50), ReLU(), BatchNorm1d(50), Linear(50, output), LogSoftmax(-1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => layers.call(blocks.call(x.view(-1, 1, 28, 28)).flatten(1));
}

/// <summary>The book's SequenceClassifier: rows as a 28-step sequence through a bidirectional LSTM; the last
/// step's output through ReLU -> BatchNorm1d -> Linear -> LogSoftmax.</summary>
internal sealed class SequenceClassifier : Module<Tensor, Tensor>
{
    private readonly LSTM rnn;
    private readonly Sequential layers;

    public SequenceClassifier(long hidden, long output, int nLayers, double dropout) : base(nameof(SequenceClassifier))
    {
        rnn = LSTM(28, hidden, numLayers: nLayers, batchFirst: true, dropout: dropout, bidirectional: true);
        layers = Sequential(ReLU(), BatchNorm1d(hidden * 2), Linear(hidden * 2, output), LogSoftmax(-1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (z, h, c) = rnn.call(x.view(-1, 28, 28), null);
        h.Dispose();
        c.Dispose();
        return layers.call(z.select(1, -1));
    }
}
