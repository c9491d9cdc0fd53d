using Functional;
using Functional.Conformance;

namespace Functional.Tests.Optimization;

/// <summary>Schedules: bit-exact agreement with PyTorch's recursive form, and their laws.</summary>
public class ScheduleTests
{
    public static TheoryData<string, string> Cases => GoldenCases.Names("schedule");

    [Theory, MemberData(nameof(Cases))]
    public void Recursive_form_reproduces_torch_bit_for_bit(string folder, string name)
    {
        var c = GoldenCases.Get(folder, "schedule", name);
        Assert.Equal(c.Tensors["expected/lr"].ToArray(), ScheduleSpec.RunCase(c.Spec, c.Tensors)["expected/lr"].ToArray());
    }

    [Fact]
    public void At_agrees_with_Lrs()
    {
        var s = new CosineAnnealingLR(0.1, 6, 0.001);
        var lrs = s.Lrs(20);
        for (var e = 0; e < 20; e++) Assert.Equal(lrs[e], s.At(e));
    }

    [Fact]
    public void Cosine_closed_form_is_close_but_the_recursion_is_what_torch_computes()
    {
        var s = new CosineAnnealingLR(0.1, 6, 0.001);
        for (var e = 0; e <= 6; e++) Assert.Equal(s.ClosedForm(e), s.At(e), 15);
        Assert.Equal(0.001, s.At(6), 15);
        Assert.Equal(0.1, s.At(12), 12);
    }

    [Fact]
    public void Linear_warmup_reaches_the_base_rate()
    {
        var lrs = Schedule.LinearWarmup(0.2, startFactor: 0.1, totalIters: 4).Lrs(7);
        Assert.Equal(0.02, lrs[0], 15);
        Assert.Equal(0.2, lrs[4], 15);
        Assert.Equal(0.2, lrs[6], 15);
    }

    [Fact]
    public void Schedules_are_values()
    {
        Assert.Equal(new StepLR(0.1, 3, 0.5), new StepLR(0.1, 3, 0.5));
        Assert.Equal(new MultiStepLR(0.1, [2, 4]), new MultiStepLR(0.1, new List<int> { 2, 4 }));
        var s = new ExponentialLR(1, 0.5);
        var st = s.Init();
        s.Step(st);
        Assert.Equal(new ScheduleState(0, 1.0), st);
    }

    [Fact]
    public void Plateau_rejects_bad_settings()
    {
        Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(0.1, Factor: 1.0).Init());
        Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(0.1, Mode: "up").Init());
    }
}
