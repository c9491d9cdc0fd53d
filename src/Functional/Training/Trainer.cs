using System.Numerics;

namespace Functional;

/// <summary>
/// Training as a fold. A step is one pure function from a <see cref="TrainState{T}"/> and a batch to the next
/// state and the batch loss; an epoch is <c>batches.Aggregate(state, Step)</c>; a run is a fold over epochs
/// (<see cref="Fit"/>), with early stopping as a state machine over the validation loss.
/// </summary>
/// <param name="Model">The network.</param>
/// <param name="Loss">The loss between the network's output and the targets.</param>
/// <param name="Optimizer">The gradient transformation.</param>
/// <example><code>
/// var trainer = new Trainer&lt;float&gt;(net, new MseLoss(), Optim.Adam(1e-3));
/// var state = trainer.Start(net.Init&lt;float&gt;(Shape.Of(-1, 13), new Rng(1)), new Rng(2));
/// var run = trainer.Fit(state, train, valid, new FitOptions(Epochs: 100, BatchSize: 32, Patience: 10));
/// Console.WriteLine(run.History.Lowest);
/// </code></example>
public sealed record Trainer<T>(Layer Model, Loss Loss, GradientTransformation Optimizer) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Data augmentation applied to each training batch's features inside the fold (never to validation or test
    /// data), with a key derived from the run key and the step, so it is as reproducible as the rest of the run.
    /// </summary>
    /// <example><code>var trainer = new Trainer&lt;float&gt;(net, new NllLoss(), Optim.Adam(1e-3)) { Augmentation = Augment.Pipeline(new RandomShift(2, 2), new HorizontalFlip()) };</code></example>
    public IAugmentation? Augmentation { get; init; }

    /// <summary>The state before the first step, from freshly initialized parameters and a run key.</summary>
    public TrainState<T> Start(Initialized<T> init, Rng rng) => Start(init.Params, init.State, rng);

    /// <summary>The state before the first step.</summary>
    public TrainState<T> Start(Tree<T> parameters, Tree<T> layerState, Rng rng)
        => new(parameters, layerState, Optimizer.Init(parameters), rng);

    /// <summary>One training step on <paramref name="batch"/>: augmentation (if any), forward in train mode, loss, pullback, optimizer update.</summary>
    /// <returns>The next state and the batch loss (before the update).</returns>
    public (TrainState<T> State, double Loss) Step(TrainState<T> state, Dataset<T> batch)
    {
        var context = Context.Train(state.Rng.Fold(0).Fold((ulong)state.Step));
        var features = Augmentation is null ? batch.Features : Augmentation.Apply(batch.Features, state.Rng.Fold(2).Fold((ulong)state.Step));
        var forward = Model.Forward(state.Params, state.LayerState, features, context);
        var loss = Loss.Forward(forward.Output, batch.Targets);
        var grads = forward.Pullback(loss.Gradient(), needInputGrad: false).Params;
        var (updates, optState) = Optimizer.Update(grads, state.OptState, state.Params);
        var next = state with
        {
            Params = Optim.ApplyUpdates(state.Params, updates),
            LayerState = forward.State,
            OptState = optState,
            Step = state.Step + 1,
        };
        return (next, double.CreateTruncating(loss.Item()));
    }

    /// <summary>
    /// One epoch: the training set shuffled with a key derived from the run key and the epoch, cut into batches,
    /// and folded with <see cref="Step"/>. The epoch loss is the mean of the batch losses, as in the book.
    /// </summary>
    public (TrainState<T> State, double Loss) Epoch(TrainState<T> state, Dataset<T> train, int batchSize, bool shuffle = true,
        Action<TrainingEvent>? observer = null)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"the batch size must be positive, got {batchSize}");
        // Shuffling permutes indices; each batch gathers its own rows, so an epoch copies the data once, not twice.
        var order = shuffle ? state.Rng.Fold(1).Fold((ulong)state.Epoch).Permutation(train.Count) : Enumerable.Range(0, train.Count).ToArray();
        var count = (train.Count + batchSize - 1) / batchSize;
        var batches = Enumerable.Range(0, count)
            .Select(b => train.Select(new ArraySegment<int>(order, b * batchSize, Math.Min(batchSize, train.Count - b * batchSize))));
        // The fold owns every state between the caller's and its result, so each step's dead arrays back the next step's.
        using var arena = StepArena.Enter();
        var (final, total, _) = batches.Aggregate((state, 0.0, 0), (acc, batch) =>
        {
            var (s, loss) = Step(acc.Item1, batch);
            arena.EndStep(StepArena.Reachable(s));
            observer?.Invoke(new TrainingEvent.BatchEnd(state.Epoch, acc.Item3, count, loss));
            return (s, acc.Item2 + loss, acc.Item3 + 1);
        });
        return (final with { Epoch = state.Epoch + 1 }, count == 0 ? double.NaN : total / count);
    }

    /// <summary>The mean batch loss over <paramref name="data"/> in eval mode, computing no gradients.</summary>
    public double Evaluate(Tree<T> parameters, Tree<T> layerState, Dataset<T> data, int batchSize)
    {
        using var arena = StepArena.Enter();
        var losses = data.Batches(batchSize)
            .Select(b =>
            {
                var loss = double.CreateTruncating(Loss.Forward(Model.Forward(parameters, layerState, b.Features, Context.Eval).Output, b.Targets).Item());
                arena.EndStep(live: null);
                return loss;
            })
            .ToList();
        return losses.Count == 0 ? double.NaN : losses.Average();
    }

    /// <summary>The network's output on <paramref name="features"/> in eval mode, in batches.</summary>
    public Tensor<T> Predict(Tree<T> parameters, Tree<T> layerState, Tensor<T> features, int batchSize = 1024)
    {
        var parts = Tensor.Split(features, batchSize, 0).Select(x => Model.Forward(parameters, layerState, x, Context.Eval).Output).ToArray();
        return Tensor.Cat(parts, 0);
    }

    /// <summary>
    /// A whole run: a fold over epochs, from <paramref name="state"/>'s epoch up to <see cref="FitOptions.Epochs"/>.
    /// After each epoch the validation loss is computed (when there is a validation set), early stopping observes
    /// it, and the learning-rate schedules step (with the validation loss, for ReduceLROnPlateau). Pass the result of
    /// an earlier run as <paramref name="resume"/> to continue it: a run of 2 epochs resumed to 4 equals a run of 4.
    /// </summary>
    public FitResult<T> Fit(TrainState<T> state, Dataset<T> train, Dataset<T>? valid, FitOptions options,
        Action<TrainingEvent>? observer = null, FitResult<T>? resume = null)
    {
        var stopper = new EarlyStopping<(Tree<T> Params, Tree<T> State)>(options.Patience, options.MinDelta);
        var es = resume?.Stopping ?? stopper.Start();
        var history = resume?.History ?? History.Empty;
        if (resume is not null) state = resume.Final;
        while (state.Epoch < options.Epochs && !es.ShouldStop)
        {
            var lr = state.OptState.Find<ScheduleState>()?.Lr ?? double.NaN;
            (state, var trainLoss) = Epoch(state, train, options.BatchSize, options.Shuffle, observer);
            var validLoss = valid is null ? double.NaN : Evaluate(state.Params, state.LayerState, valid, options.EvalBatchSize ?? options.BatchSize);
            var record = new EpochRecord(state.Epoch - 1, trainLoss, validLoss, lr);
            history = history.Add(record);
            var monitored = valid is null ? trainLoss : validLoss;
            es = stopper.Observe(es, monitored, (state.Params, state.LayerState));
            state = state with { OptState = Optimizer.StepSchedule(state.OptState, monitored) };
            observer?.Invoke(new TrainingEvent.EpochEnd(record, options.Epochs, es.BestMetric, es.BestEpoch == es.Epoch));
            if (es.ShouldStop) observer?.Invoke(new TrainingEvent.Stopped(record.Epoch, options.Patience ?? 0));
        }
        var (bestParams, bestState) = es.Best == default ? (state.Params, state.LayerState) : es.Best;
        return new FitResult<T>(state, options.RestoreBest ? bestParams : state.Params, options.RestoreBest ? bestState : state.LayerState,
            history, es);
    }
}

/// <summary>How <see cref="Trainer{T}.Fit"/> runs.</summary>
/// <param name="Epochs">The epoch count to reach (a resumed run continues from its own epoch up to this).</param>
/// <param name="BatchSize">The minibatch size (the last partial batch is kept).</param>
/// <param name="Patience">Early-stopping patience in epochs; null never stops early.</param>
/// <param name="MinDelta">The smallest decrease of the validation loss that counts as an improvement.</param>
/// <param name="RestoreBest">Whether the result's weights are those of the lowest validation loss (the book's behaviour).</param>
/// <param name="Shuffle">Whether each epoch shuffles the training set.</param>
/// <param name="EvalBatchSize">The batch size for validation (default: <paramref name="BatchSize"/>).</param>
public sealed record FitOptions(int Epochs, int BatchSize, int? Patience = null, double MinDelta = 0, bool RestoreBest = true,
    bool Shuffle = true, int? EvalBatchSize = null)
{
    /// <summary>The epoch count, checked.</summary>
    public int Epochs { get; init; } = Epochs > 0 ? Epochs : throw new ArgumentOutOfRangeException(nameof(Epochs), "epochs must be positive");

    /// <summary>The batch size, checked.</summary>
    public int BatchSize { get; init; } = BatchSize > 0 ? BatchSize : throw new ArgumentOutOfRangeException(nameof(BatchSize), "batch size must be positive");
}

/// <summary>The outcome of <see cref="Trainer{T}.Fit"/>.</summary>
/// <param name="Final">The state after the last epoch run (for resuming).</param>
/// <param name="Params">The chosen parameters: the best epoch's when restoring, else the final ones.</param>
/// <param name="LayerState">The layer state that goes with <paramref name="Params"/>.</param>
/// <param name="History">The per-epoch losses and learning rates.</param>
/// <param name="Stopping">The early-stopping state: the best epoch, its loss and weights.</param>
public sealed record FitResult<T>(TrainState<T> Final, Tree<T> Params, Tree<T> LayerState, History History,
    EarlyStoppingState<(Tree<T> Params, Tree<T> State)> Stopping)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The 0-based epoch with the lowest monitored loss (-1 when no epoch ran).</summary>
    public int BestEpoch => Stopping.BestEpoch;
}
