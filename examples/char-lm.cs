#!/usr/bin/env dotnet
#:project ../src/Functional/Functional.csproj
#:include Shared/Options.cs
// Many-to-many: a character-level language model, trained on Ambrose Bierce's "The Devil's Dictionary" (1911, public
// domain), as shipped by Debian's dict-devil package (/usr/share/dictd/devil.dict.dz; install it with
// `apt-get install dict-devil`), or on any UTF-8 text file given with --text FILE.
//   dotnet run -c Release examples/char-lm.cs [-- --epochs 6 --limit 5382 --hidden 128 --cell lstm --temperature 0.8 --seed 0]
// The text is cut into windows of 65 characters; each window's first 64 characters are the input, and its last 64
// (shifted by one) the targets. Model: Embedding(V, 32) → LSTM (or --cell gru) as a Scan over time → MapSeq(Linear(hidden, V))
// → LogSoftmax, so every step predicts the next character. NLL averaged over every step of every window, Adam lr 3e-3,
// gradient clipped to global norm 1, batch 64. After training, it samples --length characters from a prompt with a
// seeded Rng at --temperature, re-reading the last 64 characters at each step.
using System.IO.Compression;
using System.Text;
using Functional;

var cli = new Options(args);

var epochs = cli.Int("--epochs", 6);
var seed = cli.Int("--seed", 0);
var limit = cli.Int("--limit", int.MaxValue);  // training windows per epoch (the text has 5,382 besides the 597 test windows)
var hiddenSize = cli.Int("--hidden", 128);
var sampleLength = cli.Int("--length", 400);
var cellName = cli.String("--cell") ?? "lstm";
var temperature = cli.Double("--temperature", 0.8);
var textPath = cli.String("--text");
const int seqLen = 64, embed = 32, batchSize = 64;
const string devil = "/usr/share/dictd/devil.dict.dz";

string text;
if (textPath is not null) text = File.ReadAllText(textPath);
else if (File.Exists(devil))
{
    using var gz = new GZipStream(File.OpenRead(devil), CompressionMode.Decompress);   // dictzip is gzip with an index
    using var reader = new StreamReader(gz, Encoding.UTF8);
    text = reader.ReadToEnd();
    text = text[text.IndexOf("PREFACE", StringComparison.Ordinal)..];   // skip dictfmt's header entries
}
else
{
    Console.Error.WriteLine($"{devil} is missing: install Debian's dict-devil package (apt-get install dict-devil), " +
                            "or pass --text FILE with any plain-text file.");
    return 1;
}

var vocab = text.Distinct().Order().ToArray();
var index = vocab.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
var ids = text.Select(c => (float)index[c]).ToArray();
var windows = (ids.Length - 1) / seqLen;
var xs = new float[windows * seqLen];
var ys = new float[windows * seqLen];
for (var w = 0; w < windows; w++)
{
    Array.Copy(ids, w * seqLen, xs, w * seqLen, seqLen);
    Array.Copy(ids, w * seqLen + 1, ys, w * seqLen, seqLen);
}
var all = new Dataset<float>(Tensor.FromArray(xs, windows, seqLen), Tensor.FromArray(ys, windows, seqLen));
var perm = new Rng((ulong)seed).Fold(42).Permutation(windows);
var testCount = windows / 10;
var (test, train) = (all.Select(perm[..testCount]), all.Select(perm[testCount..][..Math.Min(limit, windows - testCount)]));
Console.WriteLine($"text: {text.Length:N0} characters, vocabulary {vocab.Length}; {windows} windows of {seqLen}: " +
                  $"train {train.Count}, test {test.Count}; {cellName} {hiddenSize}, {epochs} epochs, batch {batchSize}");

Cell cell = cellName == "gru" ? new GruCell(embed, hiddenSize) : new LstmCell(embed, hiddenSize);
var model = Nn.Embedding(vocab.Length, embed).Then(Nn.Scan(cell)).Then(Nn.MapSeq(Nn.Linear(hiddenSize, vocab.Length))).Then(Nn.LogSoftmax());
var trainer = new Trainer<float>(model, new PerStepNll(), Optim.Chain(new ClipByGlobalNorm(1.0), Optim.Adam(3e-3)));
var state = trainer.Start(model.Init<float>(Shape.Of(-1, seqLen), new Rng((ulong)seed)), new Rng((ulong)seed).Fold(1));
Console.WriteLine($"untrained test loss {trainer.Evaluate(state.Params, state.LayerState, test, 256):F4} (ln V = {Math.Log(vocab.Length):F4})");
var clock = System.Diagnostics.Stopwatch.StartNew();
var batches = (train.Count + batchSize - 1) / batchSize;
void Observe(TrainingEvent e)
{
    if (e is TrainingEvent.BatchEnd { Batch: var b, Loss: var l } && (b + 1) % 8 == 0)
        Console.WriteLine($"  batch {b + 1}/{batches}: loss {l:F4}  ({clock.Elapsed.TotalSeconds:F0} s)");
    else if (e is TrainingEvent.EpochEnd { Record: var r })
        Console.WriteLine($"Epoch {r.Epoch + 1}: train {r.TrainLoss:F4}, test {r.ValidLoss:F4} nats/char  ({clock.Elapsed.TotalSeconds:F0} s)");
}
var run = trainer.Fit(state, train, test, new FitOptions(epochs, batchSize, EvalBatchSize: 256, RestoreBest: false), Observe);

// Sampling: feed the last 64 characters, read the last step's distribution, divide the log-probabilities by the
// temperature, and draw the next character from the run's seeded key.
var prompt = "CYNIC, n.";
var generated = new StringBuilder(prompt);
var key = new Rng((ulong)seed).Fold(7);
for (var k = 0; k < sampleLength; k++)
{
    var context = generated.ToString()[Math.Max(0, generated.Length - seqLen)..];
    var input = Tensor.FromArray(context.Select(c => (float)index.GetValueOrDefault(c, 0)).ToArray(), 1, context.Length);
    var logp = model.Forward(run.Params, run.LayerState, input, Context.Eval).Output.Span.Slice((context.Length - 1) * vocab.Length, vocab.Length);
    var weights = new double[vocab.Length];
    for (var v = 0; v < weights.Length; v++) weights[v] = Math.Exp(logp[v] / temperature);
    var u = key.Uniform((ulong)k) * weights.Sum();
    var next = 0;
    for (var acc = weights[0]; acc < u && next < weights.Length - 1; acc += weights[++next]) { }
    generated.Append(vocab[next]);
}
Console.WriteLine($"--- sample (seed {seed}, temperature {temperature}) ---");
Console.WriteLine(generated);
return 0;

/// <summary>
/// NLL at every step: log-probabilities (batch, time, V) against next-character ids (batch, time), averaged over all
/// batch·time terms, as PyTorch's <c>nll_loss(out.view(-1, V), y.view(-1))</c>.
/// </summary>
sealed class PerStepNll() : Loss(Reduction.Mean)
{
    private readonly NllLoss nll = new();

    public override Forward<T> Forward<T>(Tensor<T> input, Tensor<T> target)
    {
        var (b, t, v) = (input.Shape[0], input.Shape[1], input.Shape[2]);
        var f = nll.Forward(input.Reshape(b * t, v), target.Reshape(b * t));
        return Result(f.Output, g => f.Pullback(g).Input!.Reshape(b, t, v));
    }
}
