namespace Functional.Tests.Training;

public sealed class TrainerTests
{
    // y = 2·x0 - x1 + 0.5 on 64 points, learned by a small MLP with dropout so that randomness is exercised.
    private static readonly Dataset<double> Data = MakeData(64, new Rng(7));
    private static readonly Layer Net = Nn.Linear(2, 8).Then(Nn.Tanh()).Then(Nn.Dropout(0.1)).Then(Nn.Linear(8, 1));

    private static Dataset<double> MakeData(int n, Rng rng)
    {
        var x = Tensor.Randn<double>(rng, n, 2);
        var y = new double[n];
        for (var i = 0; i < n; i++) y[i] = 2 * x[i, 0] - x[i, 1] + 0.5;
        return new Dataset<double>(x, Tensor.FromArray(y, n, 1));
    }

    private static Trainer<double> NewTrainer() => new(Net, new MseLoss(), Optim.Adam(1e-2));

    private static TrainState<double> Start(Trainer<double> t) => t.Start(Net.Init<double>(Shape.Of(-1, 2), new Rng(1)), new Rng(2));

    [Fact]
    public void A_step_is_pure()
    {
        var t = NewTrainer();
        var s = Start(t);
        var before = s.Params.Flatten();
        var batch = Data.Take(16);
        var (a, la) = t.Step(s, batch);
        var (b, lb) = t.Step(s, batch);
        Assert.Equal(la, lb);
        Assert.Equal(a.Params.Flatten(), b.Params.Flatten());
        Assert.Equal(before, s.Params.Flatten());
        Assert.Equal(1, a.Step);
        Assert.NotEqual(before, a.Params.Flatten());
    }

    [Fact]
    public void An_epoch_is_a_fold_of_steps_over_the_shuffled_batches()
    {
        var t = NewTrainer();
        var s = Start(t);
        var (viaEpoch, loss) = t.Epoch(s, Data, 16);
        var shuffled = Data.Shuffle(s.Rng.Fold(1).Fold(0));
        var losses = new List<double>();
        var viaFold = shuffled.Batches(16).Aggregate(s, (acc, batch) => { var (n, l) = t.Step(acc, batch); losses.Add(l); return n; });
        Assert.Equal(viaFold.Params.Flatten(), viaEpoch.Params.Flatten());
        Assert.Equal(losses.Average(), loss, 12);
        Assert.Equal(1, viaEpoch.Epoch);
        Assert.Equal(4, viaEpoch.Step);
    }

    [Fact]
    public void Fit_lowers_the_loss_and_records_history()
    {
        var t = NewTrainer();
        var run = t.Fit(Start(t), Data, Data.Take(32), new FitOptions(Epochs: 30, BatchSize: 16));
        Assert.Equal(30, run.History.Epochs.Count);
        Assert.True(run.History.ValidLoss[^1] < run.History.ValidLoss[0] / 4, $"{run.History.ValidLoss[0]} -> {run.History.ValidLoss[^1]}");
        Assert.All(run.History.Epochs, e => Assert.Equal(1e-2, e.LearningRate));
    }

    [Fact]
    public void Restoring_best_returns_the_weights_of_the_lowest_validation_loss()
    {
        var t = new Trainer<double>(Net, new MseLoss(), Optim.Sgd(0.5));   // too large: the loss will bounce
        var run = t.Fit(Start(t), Data, Data.Take(32), new FitOptions(Epochs: 12, BatchSize: 8));
        var (lowest, epoch) = run.History.Lowest!.Value;
        Assert.Equal(epoch, run.BestEpoch);
        Assert.Equal(lowest, t.Evaluate(run.Params, run.LayerState, Data.Take(32), 8), 12);
    }

    [Fact]
    public void Patience_stops_the_run()
    {
        var t = new Trainer<double>(Net, new MseLoss(), Optim.Sgd(0.0));    // no progress at all
        var events = new List<TrainingEvent>();
        var run = t.Fit(Start(t), Data, Data.Take(32), new FitOptions(Epochs: 50, BatchSize: 32, Patience: 3, MinDelta: 1e-12), events.Add);
        Assert.Equal(4, run.History.Epochs.Count);
        Assert.Single(events.OfType<TrainingEvent.Stopped>());
        Assert.Equal(8, events.OfType<TrainingEvent.BatchEnd>().Count());
    }

    [Fact]
    public void A_resumed_run_equals_an_uninterrupted_one()
    {
        var t = NewTrainer();
        var full = t.Fit(Start(t), Data, Data.Take(32), new FitOptions(Epochs: 4, BatchSize: 16));
        var half = t.Fit(Start(t), Data, Data.Take(32), new FitOptions(Epochs: 2, BatchSize: 16));
        var resumed = t.Fit(half.Final, Data, Data.Take(32), new FitOptions(Epochs: 4, BatchSize: 16), resume: half);
        Assert.Equal(full.Final.Params.Flatten(), resumed.Final.Params.Flatten());
        Assert.Equal(full.Params.Flatten(), resumed.Params.Flatten());
        Assert.Equal<double>(full.History.ValidLoss, resumed.History.ValidLoss);
    }

    [Fact]
    public void Observers_cannot_change_the_result()
    {
        var t = NewTrainer();
        var quiet = t.Fit(Start(t), Data, null, new FitOptions(Epochs: 3, BatchSize: 16));
        var seen = 0;
        var loud = t.Fit(Start(t), Data, null, new FitOptions(Epochs: 3, BatchSize: 16), _ => seen++);
        Assert.True(seen > 0);
        Assert.Equal(quiet.Params.Flatten(), loud.Params.Flatten());
    }

    [Fact]
    public void Schedules_step_once_per_epoch()
    {
        var t = new Trainer<double>(Net, new MseLoss(), Optim.Sgd(new StepLR(0.1, 1, 0.5)));
        var run = t.Fit(Start(t), Data, null, new FitOptions(Epochs: 3, BatchSize: 32));
        Assert.Equal([0.1, 0.05, 0.025], run.History.Epochs.Select(e => e.LearningRate));
    }

    [Fact]
    public void Augmentation_changes_training_batches_reproducibly_and_never_evaluation()
    {
        var plain = NewTrainer();
        var noisy = plain with { Augmentation = new GaussianNoise(0.5) };
        var s = Start(plain);
        var batch = Data.Take(16);
        var (a, _) = noisy.Step(s, batch);
        var (b, _) = noisy.Step(s, batch);
        var (c, _) = plain.Step(s, batch);
        Assert.Equal(a.Params.Flatten(), b.Params.Flatten());
        Assert.NotEqual(a.Params.Flatten(), c.Params.Flatten());
        Assert.Equal(plain.Evaluate(s.Params, s.LayerState, batch, 16), noisy.Evaluate(s.Params, s.LayerState, batch, 16));
    }

    [Fact]
    public void Fit_is_the_last_element_of_Epochs()
    {
        var t = NewTrainer();
        var options = new FitOptions(Epochs: 5, BatchSize: 16);
        var epochs = t.Epochs(Start(t), Data, Data.Take(32), options).ToList();
        var fit = t.Fit(Start(t), Data, Data.Take(32), options);
        Assert.Equal([0, 1, 2, 3, 4], epochs.Select(e => e.Epoch));
        Assert.Equal(fit.History.Epochs, epochs.Select(e => e.Record));
        Assert.Equal(fit.History.Epochs, epochs[^1].History.Epochs);
        Assert.Equal(fit.Final.Params.Flatten(), epochs[^1].State.Params.Flatten());
        Assert.Equal(fit.Params.Flatten(), epochs[^1].Result().Params.Flatten());
        Assert.Equal(fit.BestEpoch, epochs[^1].Stopping.BestEpoch);
        Assert.Equal(Enumerable.Range(1, 5), epochs.Select(e => e.State.Epoch));
    }

    [Fact]
    public void Epochs_is_lazy_and_each_element_resumes_like_Fit()
    {
        var t = NewTrainer();
        var options = new FitOptions(Epochs: 4, BatchSize: 16);
        var batches = 0;
        var sequence = t.Epochs(Start(t), Data, Data.Take(32), options, e => { if (e is TrainingEvent.BatchEnd) batches++; });
        Assert.Equal(0, batches);
        var second = sequence.Take(2).Last();
        Assert.Equal(8, batches);
        var resumed = t.Fit(second.State, Data, Data.Take(32), options, resume: second.Result());
        var full = t.Fit(Start(t), Data, Data.Take(32), options);
        Assert.Equal(full.Final.Params.Flatten(), resumed.Final.Params.Flatten());
        Assert.Equal(full.History.Epochs, resumed.History.Epochs);
    }

    [Fact]
    public void Epochs_ends_with_the_epoch_at_which_early_stopping_says_stop()
    {
        var t = new Trainer<double>(Net, new MseLoss(), Optim.Sgd(0.0));    // no progress at all
        var epochs = t.Epochs(Start(t), Data, Data.Take(32), new FitOptions(Epochs: 50, BatchSize: 32, Patience: 3, MinDelta: 1e-12)).ToList();
        Assert.Equal(4, epochs.Count);
        Assert.Equal([false, false, false, true], epochs.Select(e => e.ShouldStop));
        Assert.Equal([true, false, false, false], epochs.Select(e => e.Improved));
    }

    [Fact]
    public void Epochs_asks_for_each_epochs_training_set_just_before_the_epoch()
    {
        var t = NewTrainer();
        var asked = new List<int>();
        var options = new FitOptions(Epochs: 3, BatchSize: 16);
        var viaFunc = t.Epochs(Start(t), e => { asked.Add(e); return Data; }, null, options).Last();
        var plain = t.Fit(Start(t), Data, null, options);
        Assert.Equal([0, 1, 2], asked);
        Assert.Equal(plain.Final.Params.Flatten(), viaFunc.State.Params.Flatten());
    }
}
