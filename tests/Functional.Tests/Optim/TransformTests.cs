using Functional;

namespace Functional.Tests.Optimization;

/// <summary>Purity, composition, masking, skipping and inspectability of gradient transformations.</summary>
public class TransformTests
{
    private static WeightBias<double> P(double[] w, double[] b) => new(Tensor.FromArray(w, 2, 2), Tensor.FromArray(b, 2));

    private static readonly WeightBias<double> Params = P([0.5, -1.0, 2.0, 0.25], [0.1, -0.3]);
    private static readonly WeightBias<double> Grads = P([0.3, 0.7, -1.2, 2.0], [-0.5, 0.9]);

    public static TheoryData<string> All => ["sgd", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "clip", "masked", "finite"];

    private static GradientTransformation Make(string name) => name switch
    {
        "sgd" => Optim.Sgd(0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01),
        "nesterov" => Optim.Sgd(0.1, momentum: 0.9, nesterov: true),
        "adagrad" => Optim.Adagrad(0.1, lrDecay: 0.01, weightDecay: 0.1),
        "rmsprop" => Optim.RmsProp(0.01, centered: true, momentum: 0.5),
        "adam" => Optim.Adam(0.01, amsgrad: true, weightDecay: 0.1),
        "adamw" => Optim.AdamW(0.01),
        "clip" => Optim.Chain(new ClipByGlobalNorm(1.0), new AddL1Penalty(0.1), new ClipByValue(0.5), Optim.Sgd(0.1)),
        "masked" => Optim.Chain(new Masked(Optim.Adam(0.1), p => p == "weight"), new Freeze(p => p == "bias")),
        "finite" => new ApplyIfFinite(Optim.Adam(0.1)),
        _ => throw new ArgumentException(name),
    };

    [Theory, MemberData(nameof(All))]
    public void Update_is_pure_and_leaves_its_inputs_unchanged(string name)
    {
        var opt = Make(name);
        var s0 = opt.Init(Params);
        var (_, s1) = opt.Update(Grads, s0, Params);
        var snapshot = s1.DepthFirst().ToList();
        var before = Tensors(s1);
        var (u1, s2a) = opt.Update(Grads, s1, Params);
        var (u2, s2b) = opt.Update(Grads, s1, Params);
        Assert.Equal(u1.Flatten(), u2.Flatten());
        Assert.Equal(Tensors(s2a), Tensors(s2b));
        Assert.Equal(before, Tensors(s1));                    // the input state is untouched
        Assert.Equal(snapshot, s1.DepthFirst().ToList());
        Assert.Equal([0.5, -1.0, 2.0, 0.25, 0.1, -0.3], Params.Flatten());
    }

    private static List<double> Tensors(OptState s) => s.DepthFirst().SelectMany(x => x.GetType().GetProperties()
        .Where(p => p.PropertyType == typeof(Tree<double>)).Select(p => (Tree<double>?)p.GetValue(x)).OfType<Tree<double>>()
        .SelectMany(t => t.Flatten())).ToList();

    [Fact]
    public void Chain_applies_its_parts_in_order()
    {
        var clipThenScale = Optim.Chain(new ClipByGlobalNorm(1.0), new Scale(10));
        var scaleThenClip = Optim.Chain(new Scale(10), new ClipByGlobalNorm(1.0));
        var norm1 = Norm(clipThenScale.Update(Grads, clipThenScale.Init(Params), Params).Updates);
        var norm2 = Norm(scaleThenClip.Update(Grads, scaleThenClip.Init(Params), Params).Updates);
        Assert.Equal(10.0, norm1, 4);
        Assert.Equal(1.0, norm2, 4);
    }

    private static double Norm(Tree<double> t) => Math.Sqrt(t.Dot(t));

    [Fact]
    public void ApplyIfFinite_skips_non_finite_steps_and_counts_them()
    {
        var opt = new ApplyIfFinite(Optim.Adam(0.1));
        var s = opt.Init(Params);
        var bad = P([0.3, double.NaN, 1, 1], [0, double.PositiveInfinity]);
        var (u, s1) = opt.Update(bad, s, Params);
        Assert.All(u.Flatten(), x => Assert.Equal(0.0, x));
        var st = Assert.IsType<ApplyIfFiniteState>(s1);
        Assert.Equal((1, 1, false), (st.NotFiniteCount, st.TotalNotFinite, st.LastFinite));
        Assert.Same(((ApplyIfFiniteState)s).Inner, st.Inner);
        Assert.Equal(0, Optim.StepCount(s1));
        var (_, s2) = opt.Update(bad, s1, Params);
        var (u3, s3) = opt.Update(Grads, s2, Params);
        var st3 = Assert.IsType<ApplyIfFiniteState>(s3);
        Assert.Equal((0, 2, true), (st3.NotFiniteCount, st3.TotalNotFinite, st3.LastFinite));
        Assert.Equal(1, Optim.StepCount(s3));
        Assert.Equal(Optim.Adam(0.1).Update(Grads, Optim.Adam(0.1).Init(Params), Params).Updates.Flatten(), u3.Flatten());
    }

    [Fact]
    public void Freeze_leaves_frozen_parameters_exactly_unchanged()
    {
        var opt = Optim.Chain(Optim.Adam(0.1), new Freeze(p => p == "bias"));
        Tree<double> p = Params;
        var s = opt.Init(p);
        for (var i = 0; i < 5; i++) { (var u, s) = opt.Update(Grads, s, p); p = Optim.ApplyUpdates(p, u); }
        var d = p.ToDictionary();
        Assert.Equal([0.1, -0.3], d["bias"].ToArray());
        Assert.NotEqual(Params.Weight.ToArray(), d["weight"].ToArray());
    }

    [Fact]
    public void Masked_applies_the_inner_transform_to_selected_leaves_only()
    {
        var opt = new Masked(Optim.Sgd(0.5), p => p.EndsWith("weight"));
        var s = opt.Init(Params);
        var (u, s1) = opt.Update(Grads, s, Params);
        var d = u.ToDictionary();
        Assert.Equal(Grads.Weight.ToArray().Select(g => -0.5 * g), d["weight"].ToArray());
        Assert.Equal(Grads.Bias!.ToArray(), d["bias"].ToArray());          // passed through unchanged
        Assert.Equal(["weight"], Optim.Chain(new Masked(Optim.Adam(), p => p == "weight")).Init(Params)
            .Find<ScaleByAdamState<double>>()!.Mu.Paths());
        Assert.Equal(0.5, Optim.LearningRate(s1));
    }

    [Fact]
    public void Masked_weight_decay_skips_biases()
    {
        var opt = Optim.Chain(new AddDecayedWeights(0.1, p => !p.EndsWith("bias")), Optim.Sgd(1.0));
        var (u, _) = opt.Update(Grads, opt.Init(Params), Params);
        var d = u.ToDictionary();
        Assert.Equal(Grads.Bias!.ToArray().Select(g => -g), d["bias"].ToArray());
        Assert.Equal(Grads.Weight.ToArray().Zip(Params.Weight.ToArray(), (g, w) => -(g + 0.1 * w)), d["weight"].ToArray());
    }

    [Fact]
    public void State_is_inspectable_in_one_call()
    {
        var opt = Optim.Adam(new StepLR(0.01, StepSize: 2, Gamma: 0.5));
        var s = opt.Init(Params);
        Assert.Equal(0.01, Optim.LearningRate(s));
        Assert.Equal(0, Optim.StepCount(s));
        (_, s) = opt.Update(Grads, s, Params);
        (_, s) = opt.Update(Grads, s, Params);
        Assert.Equal(2, Optim.StepCount(s));
        var adam = s.Find<ScaleByAdamState<double>>()!;
        Assert.Equal(2, adam.Count);
        Assert.Equal(0.1 * 0.3 * 0.9 + 0.1 * 0.3, adam.Mu.Flatten()[0], 15);
        s = opt.StepSchedule(s);
        Assert.Equal(0.01, Optim.LearningRate(s));
        s = opt.StepSchedule(s);
        Assert.Equal(0.005, Optim.LearningRate(s));
        Assert.Equal(2, s.Find<ScheduleState>()!.Epoch);
        Assert.Equal(2, Optim.StepCount(s));                   // stepping the schedule does not count as an update
    }

    [Fact]
    public void The_clip_state_holds_the_total_norm()
    {
        var opt = Optim.Chain(new ClipByGlobalNorm(1.0, double.PositiveInfinity), Optim.Sgd(1.0));
        var (u, s) = opt.Update(Grads, opt.Init(Params), Params);
        Assert.Equal(2.0, s.Find<ClipByGlobalNormState>()!.TotalNorm);
        Assert.Equal(-1.0 / (2.0 + 1e-6) * 2.0, u.ToDictionary()["weight"][1, 1], 15);
    }

    [Fact]
    public void Plateau_schedule_is_driven_through_the_optimizer_state()
    {
        var opt = Optim.Sgd(new ReduceLROnPlateau(0.1, Factor: 0.5, Patience: 0));
        var s = opt.Init(Params);
        s = opt.StepSchedule(s, 1.0);
        Assert.Equal(0.1, Optim.LearningRate(s));
        s = opt.StepSchedule(s, 1.0);
        Assert.Equal(0.05, Optim.LearningRate(s));
        Assert.Equal(1.0, s.Find<PlateauState>()!.Best);
        Assert.Throws<ArgumentException>(() => opt.StepSchedule(s));
    }

    [Fact]
    public void A_schedule_can_advance_every_update_instead_of_every_epoch()
    {
        var opt = Optim.Chain(new ScaleByLearningRate(new ExponentialLR(1.0, 0.5), StepEveryUpdate: true));
        var s = opt.Init(Params);
        var (u1, s1) = opt.Update(Grads, s, Params);
        var (u2, _) = opt.Update(Grads, s1, Params);
        Assert.Equal(-0.3, u1.Flatten()[0], 15);
        Assert.Equal(-0.15, u2.Flatten()[0], 15);
    }

    [Fact]
    public void A_foreign_state_is_rejected_with_both_type_names()
    {
        var e = Assert.Throws<ArgumentException>(() => new ScaleByAdam().Update(Grads, new Trace(0.9).Init(Params), Params));
        Assert.Contains("ScaleByAdamState<Double>", e.Message);
        Assert.Contains("TraceState<Double>", e.Message);
        Assert.Throws<ArgumentException>(() => Optim.Adam().Update(Grads, Optim.Sgd(0.1).Init(Params), Params));
    }
}
