using System.Diagnostics;
using System.Globalization;
using Functional.Cli.Commands;
using Functional.Cli.Models;
using Functional.Plots;

namespace Functional.Cli.Training;

/// <summary>
/// The <c>train</c> command's work: load and split the data, build the model, run the lazy sequence of
/// <see cref="Trainer{T}.Epochs(TrainState{T}, Dataset{T}, Dataset{T}?, FitOptions, Action{TrainingEvent}?, FitResult{T}?)"/>, and write the checkpoint (best weights + resume state) after each epoch,
/// so an interruption (Ctrl-C) leaves the last written checkpoint intact.
/// </summary>
/// <param name="Config">The run's config (for <c>--resume</c>, the saved one with the new epoch count).</param>
/// <param name="ModelFn">The checkpoint path.</param>
/// <param name="DataDir">The data directory, or null for Fashion-MNIST's default.</param>
/// <param name="Verbose">0: shapes and epoch lines; 1: also the summary and optimizer; 2: also per-batch lines.</param>
/// <param name="Resume">Continue from the checkpoint at <paramref name="ModelFn"/>.</param>
public sealed record TrainRun(TrainConfig Config, string ModelFn, string? DataDir, int Verbose, bool Resume)
{
    /// <summary>Exit code when the run is interrupted (128 + SIGINT).</summary>
    public const int Interrupted = 130;

    /// <summary>The learning-curve PNG written next to a checkpoint.</summary>
    public static string CurvePath(string modelFn) => Path.ChangeExtension(modelFn, "curve.png");

    /// <summary>Runs training; returns the exit code.</summary>
    /// <exception cref="CliException">Bad input, found before training starts.</exception>
    public int Execute(TextWriter output, CancellationToken cancel, bool bars = true) => Execute(output, cancel, Communicator.World, bars);

    /// <summary>The checkpoint metadata key holding the number of ranks the run trained on (absent: 1).</summary>
    public const string WorldSizeKey = "world_size";

    /// <summary>
    /// Runs training over <paramref name="comm"/>'s ranks (one process for <see cref="Communicator.Single"/>): each rank
    /// trains on its slice of every global batch; only rank 0 prints, and writes the checkpoint and the plot.
    /// </summary>
    public int Execute(TextWriter output, CancellationToken cancel, Communicator comm, bool bars = true)
    {
        var lead = comm.Rank == 0;
        if (!lead) (output, bars) = (TextWriter.Null, false);
        var config = Config;
        SavedModel? saved = null;
        if (Resume)
        {
            if (!File.Exists(ModelFn)) throw new CliException($"cannot resume: checkpoint {ModelFn} does not exist");
            saved = SavedModel.Open(ModelFn);
            config = saved.Config with { NEpochs = Config.NEpochs };
            var trained = saved.File.Metadata.TryGetValue(WorldSizeKey, out var ws) && int.TryParse(ws, CultureInfo.InvariantCulture, out var n) ? n : 1;
            if (trained != comm.Size)
                throw new CliException($"cannot resume: {ModelFn} was trained on {trained} rank(s), this run has {comm.Size}; " +
                                       $"resume with the same world size ({(trained == 1 ? "without mpirun" : $"mpirun -np {trained}")})");
        }
        CommonOptions.CheckWritable(ModelFn, "checkpoint");
        CommonOptions.CheckWritable(CurvePath(ModelFn), "learning curve");

        var data = MnistInput.Load(DataDir);
        var factory = ModelRegistry.Get(config.ModelOptions.Model);
        var (h, w) = (data.Train.Images.Shape[^2], data.Train.Images.Shape[^1]);
        var classes = data.Train.Labels.Max() + 1;
        var all = MnistInput.ToDataset(data.Train, factory.Layout);
        if (config.Limit is { } limit) all = all.Take(limit);
        var root = new Rng(config.Seed);
        var parts = all.RandomSplit([config.TrainRatio, 1 - config.TrainRatio], root.Fold(1));
        var (train, valid) = (parts[0], parts[1]);
        // The files as loaded and the unsplit set are garbage now; hand their memory back before training sets the peak.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (train.Count == 0 || valid.Count == 0)
            throw new CliException($"{all.Count} images split at --train-ratio {config.TrainRatio} leave {train.Count} to train and {valid.Count} to validate; both need at least one");
        output.WriteLine($"Train: {train.Features.Shape} {train.Targets.Shape}");
        output.WriteLine($"Valid: {valid.Features.Shape} {valid.Targets.Shape}");

        var model = SavedModel.Build(factory, config.ModelOptions, h, w, classes);
        var input = factory.Layout.Shape(h, w);
        var init = model.Init<float>(input, root.Fold(2));
        // Data-parallel under mpirun: gradients averaged across ranks before the optimizer, batches sharded, losses global.
        var trainer = comm.Size > 1 ? Distributed.Trainer<float>(model, new NllLoss(), config.BuildOptimizer(), comm)
            : new Trainer<float>(model, new NllLoss(), config.BuildOptimizer());
        if (Verbose >= 1)
        {
            output.WriteLine("Config: " + config.ToJson());
            output.Write(Summary.Of(model, input));
            output.WriteLine("Optimizer: " + config.DescribeOptimizer());
            if (comm.Size > 1) output.WriteLine($"Data-parallel: {comm.Size} ranks, global batch {config.BatchSize} (about {config.BatchSize / comm.Size} per rank)");
        }
        var state = trainer.Start(init, root.Fold(3));
        var run = saved?.Run(trainer);
        var start = run?.Final.Epoch ?? 0;
        if (run is not null && (start >= config.NEpochs || run.Stopping.ShouldStop))
        {
            output.WriteLine($"{ModelFn} is already trained to epoch {start}{(run.Stopping.ShouldStop ? " (stopped early)" : "")}; nothing to do for --n-epochs {config.NEpochs}.");
            return 0;
        }

        var display = TrainingDisplay.For(output, bars && Verbose < 2);
        var metadata = new Dictionary<string, string> { [SavedModel.ConfigKey] = config.ToJson(), [WorldSizeKey] = comm.Size.ToString(CultureInfo.InvariantCulture) };
        var options = new FitOptions(config.NEpochs, config.BatchSize, config.Patience);
        var times = new List<double>();
        var clock = new Stopwatch();
        void Observe(TrainingEvent e)
        {
            switch (e)
            {
                case TrainingEvent.EpochStart start:
                    display.EpochStart(start.Epoch + 1, config.NEpochs, start.Batches);
                    clock.Restart();
                    break;
                case TrainingEvent.BatchEnd b:
                    cancel.ThrowIfCancellationRequested();
                    display.Batch();
                    if (Verbose >= 2) display.Line($"Train Iteration({b.Batch + 1}/{b.Batches}): loss={Sci(b.Loss)}");
                    break;
                case TrainingEvent.EpochEnd end:
                    display.Line($"Epoch({end.Record.Epoch + 1}/{config.NEpochs}): train_loss={Sci(end.Record.TrainLoss)}  " +
                                 $"valid_loss={Sci(end.Record.ValidLoss)}  lowest_loss={Sci(end.LowestValidLoss)}");
                    break;
                case TrainingEvent.Stopped s:
                    display.Line($"There is no improvement during last {s.Patience} epochs.");
                    break;
            }
        }

        var interrupted = false;
        display.Run(() =>
        {
            try
            {
                // One checkpoint per epoch: the lazy run yields after each epoch, and the loop saves it before asking for the next.
                foreach (var epoch in trainer.Epochs(state, train, valid, options, Observe, resume: run))
                {
                    times.Add(clock.Elapsed.TotalSeconds);
                    display.EpochEnd();
                    var result = epoch.Result();
                    try { if (lead) Checkpoint.Save(ModelFn, result, metadata); }
                    catch (SafeTensorsException e)
                    {
                        throw new CliException($"epoch {result.Final.Epoch} was not saved: {e.Message}. {Holds(run)}", App.RunFailed);
                    }
                    run = result;
                }
            }
            catch (OperationCanceledException) { interrupted = true; }
            catch (TrainingException e) { throw new CliException($"{e.Message}. {Holds(run)}", App.RunFailed); }
        });
        if (run is not null && lead) CurvePlot.Save(CurvePath(ModelFn), run.History, $"{factory.Name}: loss per epoch");
        if (interrupted)
        {
            output.WriteLine(run is null
                ? $"Interrupted before the first epoch ended; nothing was written to {ModelFn}."
                : $"Interrupted; {ModelFn} holds the run up to epoch {run.Final.Epoch} (resume with --resume).");
            return Interrupted;
        }
        var best = run!.Stopping;
        var median = times.Order().ElementAt(times.Count / 2);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Best epoch {best.BestEpoch + 1}: valid_loss={Sci(best.BestMetric)}. Trained {times.Count} epoch(s), median {median:F2} s/epoch. Wrote {ModelFn} and {CurvePath(ModelFn)}."));
        output.WriteLine("Epoch seconds: " + string.Join(' ', times.Select(t => t.ToString("F3", CultureInfo.InvariantCulture))));
        if (run.Final.OptState.Find<MeanGradientsState>() is { Steps: > 0 } mg)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"All-reduce: {mg.AllReduceSeconds / mg.Steps * 1e3:F2} ms/step over {comm.Size} ranks ({mg.Steps} steps, rank 0's wait included)."));
        return 0;
    }

    /// <summary>What the checkpoint on disk holds after a failure, for the error message.</summary>
    private string Holds(FitResult<float>? saved) => saved is null
        ? $"Nothing was written to {ModelFn}"
        : $"{ModelFn} holds the run up to epoch {saved.Final.Epoch} (resume with --resume)";

    /// <summary>Python's <c>%.4e</c>: <c>1.2345e-01</c>.</summary>
    public static string Sci(double v)
        => double.IsNaN(v) ? "nan" : double.IsInfinity(v) ? (v > 0 ? "inf" : "-inf") : v.ToString("0.0000e+00", CultureInfo.InvariantCulture);
}
