using System.Collections.Immutable;

namespace Functional.Conformance;

/// <summary>
/// The case handlers, one per manifest kind. To support a new kind, implement <see cref="ICaseHandler"/> in its own
/// file and add one line here. Kinds without a handler are reported as UNSUPPORTED.
/// </summary>
public static class CaseHandlers
{
    /// <summary>Every built-in handler.</summary>
    public static ImmutableArray<ICaseHandler> All { get; } =
    [
        new ModuleCaseHandler(),
        new LossCaseHandler(),
        new MetricCaseHandler(),
        new ComputedCaseHandler("optimizer", OptimizerSpec.RunCase),
        new ComputedCaseHandler("schedule", ScheduleSpec.RunCase),
        new ComputedCaseHandler("clip", ClipSpec.RunCase),
    ];
}
