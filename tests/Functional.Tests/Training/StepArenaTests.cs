namespace Functional.Tests.Training;

/// <summary>
/// The step arena recycles arrays inside a training fold. These tests pin down that it is invisible: a fold with
/// recycling gives the bits of a fold without it, the caller's state is never touched, and a state the arena cannot
/// see through switches recycling off instead of corrupting a live tensor.
/// </summary>
public sealed class StepArenaTests
{
    // Wide enough that weights, activations and moments pass StepArena.MinPooledLength, so the arena engages.
    private static readonly Layer Net = Nn.Linear(64, 128).Then(Nn.BatchNorm1d(128)).Then(Nn.ReLU()).Then(Nn.Dropout(0.2))
        .Then(Nn.Linear(128, 64)).Then(Nn.ReLU()).Then(Nn.Linear(64, 3));

    private static readonly Dataset<float> Data = MakeData(256, new Rng(11));

    private static Dataset<float> MakeData(int n, Rng rng)
    {
        var x = Tensor.Randn<float>(rng, n, 64);
        var y = new float[n];
        for (var i = 0; i < n; i++) y[i] = (x[i, 0] + x[i, 1] > 0 ? 1 : 0) + (x[i, 2] > 0.5f ? 1 : 0);
        return new Dataset<float>(x, Tensor.FromArray(y));
    }

    private static float[] Everything(TrainState<float> s)
        => [.. s.Params.Flatten(), .. s.LayerState.Flatten(), .. s.OptState.FindAll<ScaleByAdamState<float>>().SelectMany(a => a.Mu.Flatten().Concat(a.Nu.Flatten()))];

    /// <summary>The same epochs as <see cref="Trainer{T}.Epoch"/>, folded by hand with no arena.</summary>
    private static TrainState<float> ByHand(Trainer<float> t, TrainState<float> s, int epochs, int batch)
    {
        for (var e = 0; e < epochs; e++)
        {
            var shuffled = Data.Shuffle(s.Rng.Fold(1).Fold((ulong)s.Epoch));
            s = shuffled.Batches(batch).Aggregate(s, (acc, b) => t.Step(acc, b).State) with { Epoch = s.Epoch + 1 };
        }
        return s;
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("sgd-momentum")]
    public void A_fold_with_recycling_gives_the_bits_of_a_fold_without(string optimizer)
    {
        var opt = optimizer switch
        {
            "adam" => Optim.Adam(1e-3),
            "adamw" => Optim.AdamW(1e-3, weightDecay: 0.1),
            _ => Optim.Sgd(1e-2, momentum: 0.9, nesterov: true),
        };
        var t = new Trainer<float>(Net, new CrossEntropyLoss(), opt);
        var start = t.Start(Net.Init<float>(Shape.Of(-1, 64), new Rng(3)), new Rng(4));
        var before = Everything(start);

        var viaEpochs = start;
        for (var e = 0; e < 3; e++) viaEpochs = t.Epoch(viaEpochs, Data, 32).State;
        var viaHand = ByHand(t, start, 3, 32);

        Assert.Equal(Everything(viaHand), Everything(viaEpochs));
        Assert.Equal(before, Everything(start));
        Assert.Equal(t.Evaluate(viaHand.Params, viaHand.LayerState, Data, 64), t.Evaluate(viaEpochs.Params, viaEpochs.LayerState, Data, 64));
    }

    [Fact]
    public void Dead_arrays_are_reused_zeroed_and_live_ones_never()
    {
        using var arena = StepArena.Enter();
        var a = Buffers.New<float>(5000);
        a[7] = 1;
        arena.EndStep([a]);                         // a is live: the state after step 1 holds it
        var b = Buffers.New<float>(5000);
        Assert.NotSame(a, b);
        arena.EndStep([b]);                         // a is dead now, b is live
        var c = Buffers.New<float>(5000);
        Assert.Same(a, c);
        Assert.Equal(0f, c[7]);
        Assert.NotSame(b, Buffers.New<float>(5000));
        Assert.NotSame(a, Buffers.New<double>(5000));   // pools are per element type
        var small = Buffers.New<float>(10);
        arena.EndStep([]);
        Assert.NotSame(small, Buffers.New<float>(10));    // small arrays are left to the collector
    }

    [Fact]
    public void Outside_a_fold_every_buffer_is_fresh()
    {
        var a = Buffers.New<float>(5000);
        Assert.NotSame(a, Buffers.New<float>(5000));
        Assert.Null(StepArena.Current);
    }

    /// <summary>A transform whose state keeps its last updates in a plain list, which the arena's walk cannot see through.</summary>
    private sealed record KeepLast : GradientTransformation
    {
        public sealed record State(List<object> Kept) : OptState;

        public override OptState Init<T>(Tree<T> parameters) => new State([]);

        public override (Tree<T> Updates, OptState State) Update<T>(Tree<T> grads, OptState state, Tree<T> parameters)
        {
            var updates = grads.Map((_, g) => g * T.CreateChecked(-0.01));
            return (updates, new State([updates, .. Expect<State>(state).Kept.Take(1)]));
        }
    }

    [Fact]
    public void A_state_it_cannot_see_through_turns_recycling_off_and_changes_nothing()
    {
        var t = new Trainer<float>(Net, new CrossEntropyLoss(), new KeepLast());
        var start = t.Start(Net.Init<float>(Shape.Of(-1, 64), new Rng(3)), new Rng(4));
        var viaEpochs = t.Epoch(t.Epoch(start, Data, 32).State, Data, 32).State;
        var viaHand = ByHand(t, start, 2, 32);
        Assert.Equal(viaHand.Params.Flatten(), viaEpochs.Params.Flatten());
        var kept = (Tree<float>)((KeepLast.State)viaEpochs.OptState).Kept[1];
        var keptByHand = (Tree<float>)((KeepLast.State)viaHand.OptState).Kept[1];
        Assert.Equal(keptByHand.Flatten(), kept.Flatten());
    }

    [Fact]
    public void A_tensor_an_observer_keeps_is_never_recycled()
    {
        var t = new Trainer<float>(Net, new CrossEntropyLoss(), Optim.Adam(1e-3));
        var start = t.Start(Net.Init<float>(Shape.Of(-1, 64), new Rng(3)), new Rng(4));
        var kept = new List<(Tensor<float> Tensor, float[] Copy)>();
        void Observe(TrainingEvent e)
        {
            if (e is not TrainingEvent.BatchEnd) return;
            var x = Tensor.Randn<float>(new Rng((ulong)kept.Count), 64, 128);   // past MinPooledLength: the arena would rent it
            kept.Add((x, x.ToArray()));
        }
        t.Epoch(start, Data, 32, observer: Observe);
        Assert.Equal(8, kept.Count);
        Assert.All(kept, k => Assert.Equal(k.Copy, k.Tensor.ToArray()));
    }
}

/// <summary>
/// The arena's contract seen from a user's layer that breaks it: <see cref="Memo"/> keeps its first output in a field.
/// In debug mode the kept tensor turns NaN as soon as the arena finds it dead; with recycling off it keeps its values.
/// </summary>
public sealed class ArenaMisuseTests
{
    /// <summary>A layer that memoises the first output of its inner layer: against the contract, on purpose.</summary>
    private sealed class Memo(Layer inner) : Layer
    {
        public Tensor<float>? First { get; private set; }
        public float[]? Snapshot { get; private set; }

        public override string ToString() => $"Memo({inner})";

        public override Initialized<T> Init<T>(Shape input, Rng rng) => inner.Init<T>(input, rng);

        public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> x, Context context)
        {
            var f = inner.Forward(parameters, state, x, context);
            if (First is null && f.Output is Tensor<float> y) (First, Snapshot) = (y, y.ToArray());
            return f;
        }
    }

    // 32 × 128 = 4096 output elements: large enough for the arena to pool the memoised array.
    private static readonly Dataset<float> Data = new(Tensor.Randn<float>(new Rng(5), 256, 64), Tensor.FromArray(Enumerable.Range(0, 256).Select(i => (float)(i % 3)).ToArray()));

    private static (Memo Memo, Trainer<float> Trainer) Setup(bool recycle, bool poison)
    {
        var memo = new Memo(Nn.Linear(64, 128));
        var net = memo.Then(Nn.ReLU()).Then(Nn.Linear(128, 3));
        return (memo, new Trainer<float>(net, new CrossEntropyLoss(), Optim.Adam(1e-3)) { Recycle = recycle, PoisonRecycled = poison });
    }

    private static void Train((Memo Memo, Trainer<float> Trainer) s)
    {
        var net = s.Trainer.Model;
        var state = s.Trainer.Start(net.Init<float>(Shape.Of(-1, 64), new Rng(1)), new Rng(2));
        s.Trainer.Epoch(state, Data, 32);
    }

    [Fact]
    public void In_debug_mode_a_memoised_tensor_fails_loudly_as_NaN()
    {
        var s = Setup(recycle: true, poison: true);
        Train(s);
        Assert.Contains(s.Memo.First!.ToArray(), float.IsNaN);
    }

    [Fact]
    public void With_recycling_off_a_memoised_tensor_keeps_its_values()
    {
        var s = Setup(recycle: false, poison: true);
        Train(s);
        Assert.Equal(s.Memo.Snapshot, s.Memo.First!.ToArray());
    }

    [Fact]
    public void Recycling_is_on_by_default_and_debug_mode_comes_from_the_environment()
    {
        var t = new Trainer<float>(Nn.Linear(2, 1), new MseLoss(), Optim.Sgd(0.1));
        Assert.True(t.Recycle);
        Assert.Equal(Environment.GetEnvironmentVariable("FUNCTIONAL_ARENA_DEBUG") is "1" or "true" or "TRUE" or "True", t.PoisonRecycled);
    }

    [Fact]
    public void Recycling_off_and_on_give_the_same_bits()
    {
        Tree<float> Run(bool recycle)
        {
            var s = Setup(recycle, poison: false);
            var state = s.Trainer.Start(s.Trainer.Model.Init<float>(Shape.Of(-1, 64), new Rng(1)), new Rng(2));
            return s.Trainer.Epoch(s.Trainer.Epoch(state, Data, 32).State, Data, 32).State.Params;
        }
        Assert.Equal(Run(false).Flatten(), Run(true).Flatten());
    }
}
