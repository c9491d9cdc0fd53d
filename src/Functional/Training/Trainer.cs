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

    /// <summary>
    /// Whether the epoch and evaluation folds recycle the arrays of dead steps (default true; see
    /// docs/layers.md, "Writing your own layer"). Set false for code that keeps tensors made during a step outside the
    /// state the step returns (a layer that memoises its output in a field, say): every tensor is then a fresh array.
    /// </summary>
    public bool Recycle { get; init; } = true;

    /// <summary>
    /// The arena's debug mode: every recycled array is filled with NaN as soon as it is dead, so a tensor kept against
    /// the contract shows NaN at once. Defaults to the environment variable <c>FUNCTIONAL_ARENA_DEBUG=1</c>.
    /// </summary>
    public bool PoisonRecycled { get; init; } = StepArena.DebugFromEnvironment;

    /// <summary>
    /// Whether a step may run an Adam-family chain's update, learning-rate scale and <c>ApplyUpdates</c> as one pass
    /// (default true). The result is bit-identical either way; tests turn it off to compare.
    /// </summary>
    internal bool Fuse { get; init; } = true;

    /// <summary>
    /// The ranks of a data-parallel run (null, or a world of size 1: a single process). With more than one rank, each
    /// global batch of <see cref="Epoch"/> and <see cref="Evaluate"/> is cut into contiguous slices
    /// (<see cref="DataParallel.Slice"/>) and this rank computes only its own; every rank shuffles with the same key, the
    /// gradient of a slice of <c>n</c> rows out of <c>B</c> is weighted by <c>n·Size/B</c> so that the mean across ranks
    /// (the optimizer's <c>Distributed.MeanGradients</c>) is the gradient of the whole batch, the epoch and validation
    /// losses are summed across ranks weighted by counts, and the layer state (batch-norm running statistics) is
    /// broadcast from rank 0 before each validation. The optimizer must average the gradients: see docs/distributed.md.
    /// </summary>
    public IDataParallel? Parallel { get; init; }

    private (int Rank, int Size) World => Parallel is { Size: > 1 } p ? (p.Rank, p.Size) : (0, 1);

    /// <summary>The state before the first step, from freshly initialized parameters and a run key.</summary>
    public TrainState<T> Start(Initialized<T> init, Rng rng) => Start(init.Params, init.State, rng);

    /// <summary>
    /// The state before the first step. With <see cref="Parallel"/>, a collective call: it checks once, with a checksum
    /// all-reduce, that every rank starts from the same parameters.
    /// </summary>
    /// <exception cref="InvalidOperationException">The ranks' parameters differ (they were not made from one seed).</exception>
    public TrainState<T> Start(Tree<T> parameters, Tree<T> layerState, Rng rng)
    {
        Parallel?.CheckSame(parameters, "the initial parameters");
        return new(parameters, layerState, Optimizer.Init(parameters), rng);
    }

    /// <summary>
    /// One training step on <paramref name="batch"/>: augmentation (if any), forward in train mode, loss, pullback,
    /// optimizer update.
    /// </summary>
    /// <returns>The next state and the batch loss (before the update).</returns>
    /// <exception cref="TrainingException">The batch holds a NaN or ±∞ (in a feature or a target) or a class-index
    /// target outside <c>[0, classes)</c>, naming its row; or the loss is not finite and the optimizer holds no
    /// <see cref="ApplyIfFinite"/> to skip the step. Nothing is updated.</exception>
    public (TrainState<T> State, double Loss) Step(TrainState<T> state, Dataset<T> batch) => Step(state, batch, 1.0);

    // A step on this rank's slice of a global batch, its gradient multiplied by gradScale (n·size/B; 1 in one process).
    // A rank whose slice is empty still takes part in the optimizer's collectives, with zero gradients.
    private (TrainState<T> State, double Loss) Step(TrainState<T> state, Dataset<T> batch, double gradScale)
    {
        if (batch.Count == 0)
        {
            var (u, os) = Optimizer.Update(state.Params.ZerosLike(), state.OptState, state.Params);
            return (state with { Params = Optim.ApplyUpdates(state.Params, u), OptState = os, Step = state.Step + 1 }, 0.0);
        }
        if (BatchFaults.Find(batch) is { } fault)
            throw new TrainingException(fault.Fault, state.Epoch, state.Step, batchRow: fault.Row);
        var key = state.Rng.Fold(0).Fold((ulong)state.Step);
        // Rank 0 draws what a single process draws; the others draw their own dropout masks.
        if (World.Rank > 0) key = key.Fold((ulong)World.Rank);
        var context = Context.Train(key);
        var features = Augmentation is null ? batch.Features : Augmentation.Apply(batch.Features, state.Rng.Fold(2).Fold((ulong)state.Step));
        var forward = Model.Forward(state.Params, state.LayerState, features, context);
        Forward<T> loss;
        try { loss = Loss.Forward(forward.Output, batch.Targets); }
        catch (ClassTargetException e)
        {
            throw new TrainingException(e.Fault, state.Epoch, state.Step, batchRow: BatchFaults.RowOf(e.Index, batch.Targets), inner: e);
        }
        var value = double.CreateTruncating(loss.Item());
        if (!double.IsFinite(value) && state.OptState.Find<ApplyIfFiniteState>() is null)
            throw new TrainingException($"the loss is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; training stopped before the update. Lower the learning rate, clip the " +
                                        "gradients (Optim.ClipByGlobalNorm), or wrap the optimizer in new ApplyIfFinite(...) to skip such steps", state.Epoch, state.Step);
        var grads = forward.Pullback(loss.Gradient(), needInputGrad: false).Params;
        if (gradScale != 1.0) grads = grads.Scale(T.CreateChecked(gradScale));
        // Adam-family chains fuse their update with its application (bit-identical; see FusedAdam).
        if (!(Fuse && FusedAdam.TryStep(Optimizer, grads, state.OptState, state.Params, out var parameters, out var optState)))
        {
            (var updates, optState) = Optimizer.Update(grads, state.OptState, state.Params);
            parameters = Optim.ApplyUpdates(state.Params, updates);
        }
        var next = state with
        {
            Params = parameters,
            LayerState = forward.State,
            OptState = optState,
            Step = state.Step + 1,
        };
        return (next, value);
    }

    /// <summary>
    /// One epoch: the training set shuffled with a key derived from the run key and the epoch, cut into batches,
    /// and folded with <see cref="Step(TrainState{T}, Dataset{T})"/>. The epoch loss is the mean of the batch losses, as in the book.
    /// </summary>
    public (TrainState<T> State, double Loss) Epoch(TrainState<T> state, Dataset<T> train, int batchSize, bool shuffle = true,
        Action<TrainingEvent>? observer = null)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"the batch size must be positive, got {batchSize}");
        if (train.Count == 0) throw new ArgumentException($"the training set of epoch {state.Epoch + 1} is empty (0 rows)", nameof(train));
        // Shuffling permutes indices; each batch gathers its own rows, so an epoch copies the data once, not twice.
        var order = shuffle ? state.Rng.Fold(1).Fold((ulong)state.Epoch).Permutation(train.Count) : Enumerable.Range(0, train.Count).ToArray();
        var count = (train.Count + batchSize - 1) / batchSize;
        var (rank, size) = World;
        // Each rank takes its contiguous slice of every global batch (the whole batch in one process).
        var batches = Enumerable.Range(0, count).Select(b =>
        {
            var length = Math.Min(batchSize, train.Count - b * batchSize);
            var (start, n) = DataParallel.Slice(length, rank, size);
            return (Batch: train.Select(new ArraySegment<int>(order, b * batchSize + start, n)), Start: start, Rows: n, Length: length);
        });
        // The fold owns every state between the caller's and its result, so each step's dead arrays back the next step's.
        using var arena = Recycle ? StepArena.Enter(PoisonRecycled) : null;
        var (final, total, _) = batches.Aggregate((state, 0.0, 0), (acc, batch) =>
        {
            (TrainState<T>, double) step;
            try { step = Step(acc.Item1, batch.Batch, (double)batch.Rows * size / batch.Length); }
            catch (TrainingException e) when (e.Batch is null)
            {
                // The step names the row of its batch (its slice, under MPI); the fold knows which row of the training set that is.
                var row = e.BatchRow is { } r ? order[acc.Item3 * batchSize + batch.Start + r] : (int?)null;
                throw new TrainingException(e.Fault, e.Epoch, e.Step, (acc.Item3, count), e.BatchRow, row, e.InnerException);
            }
            var (s, loss) = step;
            arena?.EndStep(StepArena.Reachable(s));
            // Observers run outside the arena: a tensor they compute is theirs, never recycled under them.
            if (observer is not null)
                using (arena?.Suspend()) observer(new TrainingEvent.BatchEnd(state.Epoch, acc.Item3, count, loss));
            return (s, acc.Item2 + Weighted(loss, batch.Rows, batch.Length), acc.Item3 + 1);
        });
        if (size > 1) total = Parallel!.Sum([total])[0];
        return (final with { Epoch = state.Epoch + 1 }, total / count);
    }

    // This rank's share of a batch's mean loss: the slice's mean loss weighted by its rows (exactly the loss in one process).
    private static double Weighted(double loss, int rows, int length) => rows == length ? loss : rows == 0 ? 0.0 : loss * rows / length;

    /// <summary>
    /// The mean batch loss over <paramref name="data"/> in eval mode, computing no gradients. With <see cref="Parallel"/>,
    /// each rank evaluates its slice of every batch and the result, summed across ranks, is the single process's.
    /// </summary>
    /// <exception cref="ArgumentException">The data set is empty, or a batch holds a NaN or ±∞ or a class-index target
    /// outside <c>[0, classes)</c>; the message names the batch and the row.</exception>
    public double Evaluate(Tree<T> parameters, Tree<T> layerState, Dataset<T> data, int batchSize)
    {
        if (data.Count == 0) throw new ArgumentException("Evaluate: the data set is empty (0 rows)", nameof(data));
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"the batch size must be positive, got {batchSize}");
        var (rank, size) = World;
        var count = (data.Count + batchSize - 1) / batchSize;
        var total = 0.0;
        using (var arena = Recycle ? StepArena.Enter(PoisonRecycled) : null)
        {
            for (var b = 0; b < count; b++)
            {
                var length = Math.Min(batchSize, data.Count - b * batchSize);
                var (start, n) = DataParallel.Slice(length, rank, size);
                if (n == 0) continue;
                var batch = data.Range(b * batchSize + start, n);
                string Where(int row) => $"Evaluate: batch {b + 1}/{count}: row {start + row} of the batch (row {b * batchSize + start + row} of the data set)";
                if (BatchFaults.Find(batch) is { } fault) throw new ArgumentException($"{Where(fault.Row)}: {fault.Fault}", nameof(data));
                double loss;
                try { loss = double.CreateTruncating(Loss.Forward(Model.Forward(parameters, layerState, batch.Features, Context.Eval).Output, batch.Targets).Item()); }
                catch (ClassTargetException e) { throw new ArgumentException($"{Where(BatchFaults.RowOf(e.Index, batch.Targets))}: {e.Fault}", nameof(data), e); }
                arena?.EndStep(live: null);
                total += Weighted(loss, n, length);
            }
        }
        if (size > 1) total = Parallel!.Sum([total])[0];
        return total / count;
    }

    /// <summary>
    /// Rank 0's <paramref name="layerState"/> on every rank (the layer state itself in one process): batch-norm running
    /// statistics are kept per rank during an epoch, as PyTorch's DDP does, and made rank 0's before validation.
    /// </summary>
    public Tree<T> BroadcastLayerState(Tree<T> layerState)
    {
        if (World.Size == 1 || layerState.Count() == 0) return layerState;
        var flat = layerState.Flatten();
        var got = Parallel!.Broadcast([.. flat.Select(double.CreateChecked)], root: 0);
        return layerState.Unflatten(got.Select(T.CreateChecked).ToArray());
    }

    /// <summary>The network's output on <paramref name="features"/> in eval mode, in batches.</summary>
    public Tensor<T> Predict(Tree<T> parameters, Tree<T> layerState, Tensor<T> features, int batchSize = 1024)
    {
        var parts = Tensor.Split(features, batchSize, 0).Select(x => Model.Forward(parameters, layerState, x, Context.Eval).Output).ToArray();
        return Tensor.Cat(parts, 0);
    }

    /// <summary>
    /// A run as a lazy sequence of epochs, from <paramref name="state"/>'s epoch up to <see cref="FitOptions.Epochs"/>.
    /// Enumerating it trains: each element is one more epoch, computed when the consumer asks for it. After each epoch
    /// the validation loss is computed (when there is a validation set), early stopping observes it, and the
    /// learning-rate schedules step (with the validation loss, for ReduceLROnPlateau). The sequence ends after the
    /// epoch at which early stopping says stop, or at <see cref="FitOptions.Epochs"/>; stop enumerating earlier to
    /// stop training earlier. The consumer's code between elements runs outside the step arena, so it may keep any
    /// tensor it computes. Pass the result of an earlier run as <paramref name="resume"/> to continue it.
    /// </summary>
    /// <example><code>
    /// foreach (var e in trainer.Epochs(state, train, valid, new FitOptions(Epochs: 20, BatchSize: 64, Patience: 3)))
    /// {
    ///     Console.WriteLine($"epoch {e.Epoch + 1}: {e.TrainLoss:F4} / {e.ValidLoss:F4}");
    ///     Checkpoint.Save("run.safetensors", e.Result());
    /// }
    /// </code></example>
    public IEnumerable<EpochResult<T>> Epochs(TrainState<T> state, Dataset<T> train, Dataset<T>? valid, FitOptions options,
        Action<TrainingEvent>? observer = null, FitResult<T>? resume = null)
        => Epochs(state, _ => train, valid, options, observer, resume);

    /// <summary>
    /// <see cref="Epochs(TrainState{T}, Dataset{T}, Dataset{T}?, FitOptions, Action{TrainingEvent}?, FitResult{T}?)"/>
    /// with a training set per epoch: <paramref name="train"/> is asked for the set of each 0-based epoch (a fresh
    /// augmentation of the images, say) just before that epoch runs.
    /// </summary>
    public IEnumerable<EpochResult<T>> Epochs(TrainState<T> state, Func<int, Dataset<T>> train, Dataset<T>? valid, FitOptions options,
        Action<TrainingEvent>? observer = null, FitResult<T>? resume = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        return Run(resume is null ? state : resume.Final, resume?.Stopping ?? Stopper(options).Start(), resume?.History ?? History.Empty);

        IEnumerable<EpochResult<T>> Run(TrainState<T> s, EarlyStoppingState<(Tree<T> Params, Tree<T> State)> es, History history)
        {
            var stopper = Stopper(options);
            while (s.Epoch < options.Epochs && !es.ShouldStop)
            {
                var lr = s.OptState.Find<ScheduleState>()?.Lr ?? double.NaN;
                var data = train(s.Epoch);
                observer?.Invoke(new TrainingEvent.EpochStart(s.Epoch, options.Epochs, (data.Count + options.BatchSize - 1) / options.BatchSize));
                (s, var trainLoss) = Epoch(s, data, options.BatchSize, options.Shuffle, observer);
                s = s with { LayerState = BroadcastLayerState(s.LayerState) };
                var validLoss = valid is null ? double.NaN : Evaluate(s.Params, s.LayerState, valid, options.EvalBatchSize ?? options.BatchSize);
                var record = new EpochRecord(s.Epoch - 1, trainLoss, validLoss, lr);
                history = history.Add(record);
                var monitored = valid is null ? trainLoss : validLoss;
                es = stopper.Observe(es, monitored, (s.Params, s.LayerState));
                s = s with { OptState = Optimizer.StepSchedule(s.OptState, monitored) };
                observer?.Invoke(new TrainingEvent.EpochEnd(record, options.Epochs, es.BestMetric, es.BestEpoch == es.Epoch));
                if (es.ShouldStop) observer?.Invoke(new TrainingEvent.Stopped(record.Epoch, options.Patience ?? 0));
                yield return new EpochResult<T>(record, s, es, history, options.RestoreBest);
            }
        }
    }

    private static EarlyStopping<(Tree<T> Params, Tree<T> State)> Stopper(FitOptions options) => new(options.Patience, options.MinDelta);

    /// <summary>
    /// A whole run: the fold of <see cref="Epochs(TrainState{T}, Dataset{T}, Dataset{T}?, FitOptions, Action{TrainingEvent}?, FitResult{T}?)"/>
    /// down to its last epoch (the sequence itself ends where early stopping says stop). Pass the result of an
    /// earlier run as <paramref name="resume"/> to continue it: a run of 2 epochs resumed to 4 equals a run of 4.
    /// </summary>
    public FitResult<T> Fit(TrainState<T> state, Dataset<T> train, Dataset<T>? valid, FitOptions options,
        Action<TrainingEvent>? observer = null, FitResult<T>? resume = null)
    {
        // The fold's seed is the run as it stands before the first epoch (the resumed one, or none yet).
        var seed = new EpochResult<T>(default, resume?.Final ?? state, resume?.Stopping ?? Stopper(options).Start(),
            resume?.History ?? History.Empty, options.RestoreBest).Result();
        return Epochs(state, train, valid, options, observer, resume).Aggregate(seed, (_, epoch) => epoch.Result());
    }
}
