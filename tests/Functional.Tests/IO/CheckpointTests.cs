using LanguageExt;
using Functional.Tests.Support;
using Functional.Tests.Conformance;

namespace Functional.Tests.IO;

public sealed class CheckpointTests
{
    // A small classifier with batch norm and dropout, so that layer state and randomness are both exercised.
    private static readonly Layer Net = Nn.Sequential(Nn.Linear(3, 6), Nn.LeakyReLU(), Nn.BatchNorm1d(6), Nn.Dropout(0.2), Nn.Linear(6, 3), Nn.LogSoftmax());
    private static readonly Dataset<float> Data = MakeData(96, new Rng(5));

    private static Dataset<float> MakeData(int n, Rng rng)
    {
        var x = Tensor.Randn<float>(rng, n, 3);
        var y = new float[n];
        for (var i = 0; i < n; i++) y[i] = x[i, 0] > 0.5f ? 2 : x[i, 1] > 0 ? 1 : 0;
        return new Dataset<float>(x, Tensor.FromArray(y, n));
    }

    private static Initialized<float> Init() => Net.Init<float>(Shape.Of(-1, 3), new Rng(1));

    private static Trainer<float> NewTrainer(GradientTransformation opt) => new(Net, new NllLoss(), opt);

    private static FitResult<float> Fit(Trainer<float> t, int epochs, FitResult<float>? resume = null)
        => t.Fit(t.Start(Init(), new Rng(2)), Data.Take(64), Data.Range(64, 32), new FitOptions(epochs, 16, Patience: 50), resume: resume);

    public static TheoryData<string> Optimizers => ["adam", "adamw-plateau", "sgd-momentum", "rmsprop-centered", "adagrad", "clip-adam-amsgrad"];

    private static GradientTransformation Make(string name) => name switch
    {
        "adam" => Optim.Adam(1e-2),
        "adamw-plateau" => Optim.AdamW(new ReduceLROnPlateau(1e-2, Patience: 0)),
        "sgd-momentum" => Optim.Sgd(0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3),
        "rmsprop-centered" => Optim.RmsProp(1e-2, centered: true, momentum: 0.5),
        "adagrad" => Optim.Adagrad(0.1),
        _ => Optim.Chain(new ClipByGlobalNorm(0.5), Optim.Adam(1e-2, amsgrad: true)),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Two_epochs_saved_and_resumed_to_four_equal_four_epochs(string optimizer)
    {
        using var dir = new TempDir();
        var t = NewTrainer(Make(optimizer));
        var path = dir.File("run.safetensors");
        Checkpoint.Save(path, Fit(t, 2), new Dictionary<string, string> { ["note"] = "hello" });
        var file = Checkpoint.Read(path).ThrowIfFail();
        Assert.Equal("hello", file.Metadata["note"]);
        var resumed = Fit(t, 4, Checkpoint.LoadRun(file, t, Init()).ThrowIfFail());
        var straight = Fit(t, 4);
        Assert.Equal(straight.Params.Flatten(), resumed.Params.Flatten());
        Assert.Equal(straight.LayerState.Flatten(), resumed.LayerState.Flatten());
        Assert.Equal(straight.Final.Params.Flatten(), resumed.Final.Params.Flatten());
        Assert.Equal(straight.History.Epochs, resumed.History.Epochs);
        Assert.Equal(straight.Stopping with { Best = default }, resumed.Stopping with { Best = default });
        Assert.Equal(straight.Final.Step, resumed.Final.Step);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Optimizer_state_round_trips(string optimizer)
    {
        var opt = Make(optimizer);
        var run = Fit(NewTrainer(opt), 2);
        var tensors = new List<SafeTensor>();
        var meta = new Dictionary<string, string>();
        Checkpoint.WriteOptState<float>(run.Final.OptState, "optim", tensors, meta);
        var file = SafeTensors.Parse(SafeTensors.ToBytes(new SafeTensorFile(tensors, meta)));
        var back = Checkpoint.ReadOptState<float>(file, opt.Init(Init().Params), "optim");
        Assert.Equal(Describe(run.Final.OptState), Describe(back));
        Assert.Equal(Optim.StepCount(run.Final.OptState), Optim.StepCount(back));
        Assert.Equal(Optim.LearningRate(run.Final.OptState), Optim.LearningRate(back));
    }

    // Every state's type and scalars (records print them) and every tree's values.
    private static string Describe(OptState s) => string.Join("\n", s.DepthFirst().Select(d => d.GetType().Name + ":" +
        string.Join(",", d.GetType().GetProperties().Where(p => p.Name != "EqualityContract").Select(p => p.GetValue(d) switch
        {
            Tree<float> tree => string.Join(" ", tree.Flatten()),
            OptState or IEnumerable<OptState> => "",
            var v => v?.ToString() ?? "null",
        }))));

    [Fact]
    public void Weights_are_written_under_state_dict_names_with_an_integer_batch_count()
    {
        using var dir = new TempDir();
        var path = dir.File("w.safetensors");
        Checkpoint.Save(path, Fit(NewTrainer(Optim.Adam(1e-2)), 1), names: p => "net." + p);
        var file = Checkpoint.Read(path).ThrowIfFail();
        Assert.Equal(DType.I64, file["net.2.num_batches_tracked"].DType);
        Assert.Equal([4L], file["net.2.num_batches_tracked"].ToInt64());
        Assert.Equal(new Shape(6, 3), file["net.0.weight"].Shape);
        Assert.True(file.Contains("optim/Parts/0/Mu/net.0.weight"));
        Assert.Equal("chosen", file.Metadata["train.final"]);   // the one epoch is the best one
        var (p, s) = Checkpoint.LoadWeights(file, Init().Params, Init().State, q => "net." + q).ThrowIfFail();
        Assert.Equal(4f, s.ToDictionary()["2.num_batches_tracked"].Span[0]);
        Assert.Equal(file.Get<float>("net.0.weight").Span.ToArray(), p.ToDictionary()["0.weight"].Span.ToArray());
    }

    [Fact]
    public void A_shape_mismatch_names_the_tensor_and_both_shapes()
    {
        using var dir = new TempDir();
        var path = dir.File("w.safetensors");
        Checkpoint.Save(path, Fit(NewTrainer(Optim.Adam(1e-2)), 1));
        var other = Nn.Sequential(Nn.Linear(3, 7), Nn.LeakyReLU(), Nn.BatchNorm1d(7)).Init<float>(Shape.Of(-1, 3), new Rng(0));
        var e = Failure.Of<SafeTensorsException, (Tree<float>, Tree<float>)>(Checkpoint.LoadWeights(Checkpoint.Read(path).ThrowIfFail(), other.Params, other.State));
        Assert.Contains("tensor '0.weight' has shape [6, 3], but the model expects [7, 3]", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Resuming_with_another_optimizer_or_from_a_plain_file_fails_clearly()
    {
        using var dir = new TempDir();
        var path = dir.File("w.safetensors");
        Checkpoint.Save(path, Fit(NewTrainer(Optim.Adam(1e-2)), 1));
        var e = Failure.Of<SafeTensorsException, FitResult<float>>(Checkpoint.LoadRun(Checkpoint.Read(path).ThrowIfFail(), NewTrainer(Optim.Sgd(0.1, momentum: 0.9)), Init()));
        Assert.Contains("optimizer state 'optim/Parts/0' is ScaleByAdamState in the checkpoint, but the optimizer expects TraceState", e.Message);
        var plain = dir.File("plain.safetensors");
        SafeTensors.SaveTree(plain, Init().Params, Init().State);
        var e2 = Failure.Of<SafeTensorsException, FitResult<float>>(Checkpoint.LoadRun(Checkpoint.Read(plain).ThrowIfFail(), NewTrainer(Optim.Adam()), Init()));
        Assert.Contains("not a training checkpoint", e2.Message);
    }

    [Fact]
    public void Reserved_metadata_keys_are_refused()
        => Assert.Throws<ArgumentException>(() => Checkpoint.Save("unused.safetensors", Fit(NewTrainer(Optim.Adam()), 1),
            new Dictionary<string, string> { ["train.step"] = "0" }));
}
