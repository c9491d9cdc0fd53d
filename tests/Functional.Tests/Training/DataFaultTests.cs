namespace Functional.Tests.Training;

/// <summary>
/// Faults in the data or the numbers stop training with an error that names where: a NaN or ±∞ in a batch, a class
/// index outside [0, classes), an empty set, a loss that is not finite (unless the optimizer skips such steps).
/// </summary>
public sealed class DataFaultTests
{
    private static readonly Layer Net = Nn.Linear(3, 4).Then(Nn.ReLU()).Then(Nn.Linear(4, 2));

    private static Dataset<double> Regression(int n, Func<int, int, double>? feature = null, Func<int, double>? target = null)
    {
        var x = new double[n * 3];
        var y = new double[n * 2];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < 3; j++) x[i * 3 + j] = feature?.Invoke(i, j) ?? (i * 3 + j) % 7 / 7.0;
            y[i * 2] = target?.Invoke(i) ?? i % 3 / 3.0;
            y[i * 2 + 1] = 0.5;
        }
        return new Dataset<double>(Tensor.FromArray(x, n, 3), Tensor.FromArray(y, n, 2));
    }

    private static (Trainer<double> Trainer, TrainState<double> State) Start(Loss loss, GradientTransformation? optimizer = null)
    {
        var trainer = new Trainer<double>(Net, loss, optimizer ?? Optim.Sgd(0.1));
        return (trainer, trainer.Start(Net.Init<double>(Shape.Of(-1, 3), new Rng(1)), new Rng(2)));
    }

    /// <summary>Where the fold put training-set row <paramref name="row"/>: (batch, row within the batch) for an epoch's shuffle.</summary>
    private static (int Batch, int BatchRow) Position(TrainState<double> state, int count, int batchSize, int row)
    {
        var at = Array.IndexOf(state.Rng.Fold(1).Fold((ulong)state.Epoch).Permutation(count), row);
        return (at / batchSize, at % batchSize);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_non_finite_feature_names_the_epoch_batch_and_row(double bad)
    {
        var data = Regression(50, feature: (i, j) => i == 37 && j == 2 ? bad : 0.25);
        var (trainer, state) = Start(new MseLoss());
        var e = Assert.Throws<TrainingException>(() => trainer.Fit(state, data, null, new FitOptions(3, 8)));
        var (batch, batchRow) = Position(state, 50, 8, 37);
        Assert.Equal((0, batch, batchRow, 37), (e.Epoch, e.Batch, e.BatchRow, e.Row));
        Assert.Equal(batch, e.Step);
        Assert.Contains($"epoch 1, batch {batch + 1}/7 (step {batch + 1})", e.Message);
        Assert.Contains($"row {batchRow} of the batch (row 37 of the training set)", e.Message);
        Assert.Contains($"input feature 2 (of 3) is {bad.ToString(System.Globalization.CultureInfo.InvariantCulture)}", e.Message);
    }

    [Fact]
    public void A_non_finite_regression_target_names_its_row()
    {
        var data = Regression(20, target: i => i == 5 ? double.NaN : 0.1);
        var (trainer, state) = Start(new MseLoss());
        var e = Assert.Throws<TrainingException>(() => trainer.Epoch(state, data, 4, shuffle: false));
        Assert.Equal((1, 1, 5), (e.Batch, e.BatchRow, e.Row));
        Assert.Contains("target 0 (of 2) is NaN", e.Message);
    }

    [Theory]
    [InlineData(2.0, "target 2 is out of range for 2 classes")]
    [InlineData(-1.0, "target -1 is out of range for 2 classes")]
    [InlineData(0.5, "target 0.5 is not a class index")]
    public void A_class_index_outside_the_classes_names_its_row(double label, string fault)
    {
        var x = Tensor.Randn<double>(new Rng(3), 30, 3);
        var y = Enumerable.Range(0, 30).Select(i => i == 22 ? label : i % 2).ToArray();
        var data = new Dataset<double>(x, Tensor.FromArray(y, 30));
        foreach (Loss loss in new Loss[] { new CrossEntropyLoss(), new NllLoss() })
        {
            var (trainer, state) = Start(loss);
            var e = Assert.Throws<TrainingException>(() => trainer.Fit(state, data, null, new FitOptions(2, 16)));
            var (batch, batchRow) = Position(state, 30, 16, 22);
            Assert.Equal((batch, batchRow, 22), (e.Batch, e.BatchRow, e.Row));
            Assert.IsType<ClassTargetException>(e.InnerException);
            Assert.EndsWith($"row {batchRow} of the batch (row 22 of the training set): {fault}", e.Message);
        }
    }

    [Fact]
    public void A_loss_given_a_bad_class_index_says_where_in_the_target()
    {
        var e = Assert.Throws<ClassTargetException>(() => new NllLoss().Forward(Tensor.Zeros<double>(4, 3), Tensor.FromArray(new[] { 0.0, 1, 7, 2 }, 4)));
        Assert.Equal((2, 7.0, 3), (e.Index, e.Value, e.Classes));
        Assert.EndsWith(": target 7 at index 2 is out of range for 3 classes", e.Message);
        Assert.Equal("target 7 is out of range for 3 classes", e.Fault);
    }

    [Fact]
    public void A_step_called_directly_names_the_row_of_its_batch()
    {
        var (trainer, state) = Start(new MseLoss());
        var e = Assert.Throws<TrainingException>(() => trainer.Step(state, Regression(6, feature: (i, j) => i == 4 ? double.NaN : 0)));
        Assert.Equal((null, 4, (int?)null), (e.Batch, e.BatchRow, e.Row));
        Assert.StartsWith("epoch 1, step 1: row 4 of the batch: input feature 0 (of 3) is NaN", e.Message);
    }

    [Fact]
    public void A_diverging_loss_stops_training_naming_the_step_and_epoch()
    {
        var data = Regression(64);
        var (trainer, state) = Start(new MseLoss(), Optim.Sgd(1e30));
        var e = Assert.Throws<TrainingException>(() => trainer.Fit(state, data, null, new FitOptions(50, 8)));
        Assert.Null(e.Row);
        Assert.True(e.Step > 0, e.Message);
        Assert.Equal(e.Step / 8, e.Epoch);
        Assert.Equal(e.Step % 8, e.Batch);
        Assert.Matches(@"^epoch \d+, batch \d/8 \(step \d+\): the loss is (NaN|Infinity|-Infinity); training stopped before the update", e.Message);
    }

    [Fact]
    public void ApplyIfFinite_skips_the_steps_whose_loss_is_not_finite_instead()
    {
        var data = Regression(64);
        var (trainer, state) = Start(new MseLoss(), new ApplyIfFinite(Optim.Sgd(1e30)));
        var run = trainer.Fit(state, data, null, new FitOptions(5, 8));
        Assert.Equal(40, run.Final.Step);
        Assert.True(run.Final.OptState.Find<ApplyIfFiniteState>()!.TotalNotFinite > 0);
    }

    [Fact]
    public void An_empty_training_set_is_refused()
    {
        var (trainer, state) = Start(new MseLoss());
        var empty = Regression(10).Take(0);
        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(state, empty, null, new FitOptions(2, 4)));
        Assert.StartsWith("the training set of epoch 1 is empty (0 rows)", e.Message);
    }

    [Fact]
    public void Evaluate_refuses_an_empty_set_and_names_a_bad_row()
    {
        var (trainer, state) = Start(new MseLoss());
        Assert.StartsWith("Evaluate: the data set is empty", Assert.Throws<ArgumentException>(() => trainer.Evaluate(state.Params, state.LayerState, Regression(3).Take(0), 4)).Message);
        var bad = Regression(10, feature: (i, j) => i == 9 && j == 1 ? double.PositiveInfinity : 0);
        var e = Assert.Throws<ArgumentException>(() => trainer.Evaluate(state.Params, state.LayerState, bad, 4));
        Assert.StartsWith("Evaluate: batch 3/3: row 1 of the batch (row 9 of the data set): input feature 1 (of 3) is Infinity", e.Message);
    }

    [Fact]
    public void A_fault_leaves_the_state_the_caller_holds_unchanged()
    {
        var (trainer, state) = Start(new MseLoss());
        var before = state.Params.Flatten();
        Assert.Throws<TrainingException>(() => trainer.Epoch(state, Regression(16, feature: (i, _) => i == 15 ? double.NaN : 1), 4));
        Assert.Equal(before, state.Params.Flatten());
    }
}
