using FsCheck;
using FsCheck.Xunit;
namespace Functional.Tests.Training;

public sealed class EarlyStoppingTests
{
    private static EarlyStoppingState<int> Run(EarlyStopping<int> stopper, params double[] losses)
    {
        var s = stopper.Start();
        for (var e = 0; e < losses.Length && !s.ShouldStop; e++) s = stopper.Observe(s, losses[e], e);
        return s;
    }

    [Fact]
    public void Keeps_the_argmin_epoch_and_stops_after_patience()
    {
        var s = Run(new EarlyStopping<int>(Patience: 2), 5, 4, 3, 3.5, 3.2, 1, 0.5);
        Assert.True(s.ShouldStop);
        Assert.Equal(2, s.Best);
        Assert.Equal(3.0, s.BestMetric);
        Assert.Equal(4, s.Epoch);
    }

    [Fact]
    public void Equal_minima_keep_the_latest_like_the_book()
        => Assert.Equal(2, Run(new EarlyStopping<int>(), 2, 1, 1, 3).Best);

    [Fact]
    public void Without_patience_it_never_stops()
        => Assert.False(Run(new EarlyStopping<int>(), 1, 2, 3, 4, 5, 6).ShouldStop);

    [Fact]
    public void Min_delta_ignores_small_improvements()
        => Assert.Equal(0, Run(new EarlyStopping<int>(MinDelta: 0.1), 1.0, 0.95, 0.92).Best);

    [Fact]
    public void Max_mode_tracks_the_largest()
        => Assert.Equal(1, Run(new EarlyStopping<int>(Mode: Objective.Max), 0.5, 0.9, 0.7).Best);

    [Property(MaxTest = 200)]
    public bool Best_is_always_the_last_argmin(NonEmptyArray<NormalFloat> values)
    {
        var losses = values.Get.Select(v => Math.Round((double)v, 1)).ToArray();
        var s = Run(new EarlyStopping<int>(), losses);
        var min = losses.Min();
        return s.Best == Array.LastIndexOf(losses, min) && s.BestMetric == min;
    }
}
