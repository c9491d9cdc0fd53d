using System.CommandLine;
using Functional.Cli.Training;

namespace Functional.Cli.Commands;

/// <summary>
/// <c>functional train --model-fn PATH [options]</c>: trains a classifier on an MNIST-format data set (Fashion-MNIST by
/// default) as the book's chapter 15 does, printing one <c>Epoch(e/n): ...</c> line per epoch, and keeps the weights of the
/// lowest validation loss in a safetensors checkpoint (with everything needed for <c>--resume</c>) and a learning-curve PNG.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var modelFn = CommonOptions.ModelFn("Checkpoint to write (safetensors), e.g. model.safetensors");
        var model = new CommonOptions.ModelGroup();
        var trainRatio = new Option<double>("--train-ratio") { Description = "Fraction of the training images to train on (the rest validates), in (0, 1)", DefaultValueFactory = _ => 0.8 };
        trainRatio.Validators.Add(r =>
        {
            if (!CommonOptions.TryValue<double>(r, out var v)) return;
            if (!(v > 0 && v < 1)) r.AddError($"--train-ratio must lie in (0, 1), got {v}");
        });
        var batchSize = CommonOptions.Positive(new Option<int>("--batch-size") { Description = "Minibatch size", DefaultValueFactory = _ => 256 });
        var nEpochs = CommonOptions.Positive(new Option<int>("--n-epochs") { Description = "Number of epochs (with --resume: the epoch count to reach)", DefaultValueFactory = _ => 20 });
        var optimizer = new Option<string>("--optimizer") { Description = "Optimizer", DefaultValueFactory = _ => "adam" };
        optimizer.AcceptOnlyFromAmong([.. TrainConfig.Optimizers]);
        var lr = CommonOptions.PositiveOrNull(new Option<double?>("--lr") { Description = "Learning rate (default: PyTorch's for the optimizer: adam/adamw 1e-3, rmsprop/adagrad 1e-2; sgd 1e-2)" });
        var seed = new Option<ulong>("--seed") { Description = "Seed of the split, initialization, shuffles and dropout", DefaultValueFactory = _ => 42 };
        var dataDir = CommonOptions.DataDir();
        var verbose = new Option<int>("--verbose") { Description = "0: epoch lines; 1: also model summary and optimizer; 2: also per-batch lines", DefaultValueFactory = _ => 1 };
        verbose.Validators.Add(r =>
        {
            if (!CommonOptions.TryValue<int>(r, out var v)) return;
            if (v is < 0 or > 2) r.AddError($"--verbose must be 0, 1 or 2, got {v}");
        });
        var threads = CommonOptions.PositiveOrNull(new Option<int?>("--threads") { Description = "BLAS threads (default: the backend's)" });
        var limit = CommonOptions.PositiveOrNull(new Option<int?>("--limit") { Description = "Use only the first N training images (before the split)" });
        var resume = new Option<bool>("--resume") { Description = "Continue the run saved in --model-fn (its saved config is used; --n-epochs is the epoch count to reach)" };
        var maxGradNorm = CommonOptions.PositiveOrNull(new Option<double?>("--max-grad-norm") { Description = "Clip gradients to this global norm" });
        var download = new Option<bool>("--download")
        {
            Description = $"First download Fashion-MNIST ({FashionMnist.DefaultSource}) into --data-dir, or the per-user cache, checking each file's SHA-256; files already there are kept",
        };
        var patience = CommonOptions.PositiveOrNull(new Option<int?>("--patience") { Description = "Stop after this many epochs without a lower validation loss" });

        var command = new Command("train", "Train a classifier on Fashion-MNIST (or any MNIST-format directory)")
        {
            modelFn, trainRatio, batchSize, nEpochs, optimizer, lr, seed, dataDir, verbose, threads, limit, resume, maxGradNorm, patience, download,
        };
        model.AddTo(command);
        command.SetAction(parsed => CommonOptions.Guard(parsed, "train", (output, _) =>
        {
            if (parsed.GetValue(threads) is { } t) Blas.SetThreads(t);
            var config = new TrainConfig
            {
                ModelOptions = model.Read(parsed),
                TrainRatio = parsed.GetValue(trainRatio),
                BatchSize = parsed.GetValue(batchSize),
                NEpochs = parsed.GetValue(nEpochs),
                Optimizer = parsed.GetValue(optimizer)!,
                Lr = parsed.GetValue(lr),
                MaxGradNorm = parsed.GetValue(maxGradNorm),
                Patience = parsed.GetValue(patience),
                Seed = parsed.GetValue(seed),
                Limit = parsed.GetValue(limit),
            }.Checked("the options");
            var dir = parsed.GetValue(dataDir);
            if (parsed.GetValue(download)) dir = MnistInput.Download(dir, output);
            var run = new TrainRun(config, parsed.GetValue(modelFn)!, dir, parsed.GetValue(verbose), parsed.GetValue(resume));
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                if (cancel.IsCancellationRequested) return;   // a second Ctrl-C ends the process
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try { return run.Execute(output, cancel.Token); }
            finally { Console.CancelKeyPress -= onCancel; }
        }));
        return command;
    }
}
