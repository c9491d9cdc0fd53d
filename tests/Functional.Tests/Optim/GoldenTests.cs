using Functional;
using Functional.Conformance;

namespace Functional.Tests.Optimization;

/// <summary>Every optimizer, schedule and clip reference case (tests/data/golden and tests/data/optim) passes.</summary>
public class GoldenTests
{
    public static TheoryData<string, string> Optimizers => GoldenCases.Names("optimizer");
    public static TheoryData<string, string> Schedules => GoldenCases.Names("schedule");
    public static TheoryData<string, string> Clips => GoldenCases.Names("clip");

    [Theory, MemberData(nameof(Optimizers))]
    public void Optimizer_case_matches_torch(string folder, string name)
    {
        var c = GoldenCases.Get(folder, "optimizer", name);
        var actual = OptimizerSpec.RunCase(c.Spec, c.Tensors);
        GoldenCases.AssertMatches(c, actual);
        GoldenCases.AssertMatches(c, actual, rtol: 1e-12, atol: 1e-14);   // float64 agrees to 1e-12, not just the case tolerance
    }

    [Theory, MemberData(nameof(Schedules))]
    public void Schedule_case_matches_torch(string folder, string name)
    {
        var c = GoldenCases.Get(folder, "schedule", name);
        GoldenCases.AssertMatches(c, ScheduleSpec.RunCase(c.Spec, c.Tensors));
    }

    [Theory, MemberData(nameof(Clips))]
    public void Clip_case_matches_torch(string folder, string name)
    {
        var c = GoldenCases.Get(folder, "clip", name);
        var actual = ClipSpec.RunCase(c.Spec, c.Tensors);
        GoldenCases.AssertMatches(c, actual);
        GoldenCases.AssertMatches(c, actual, rtol: 1e-12, atol: 1e-14);
    }
}
