using System.Collections.Immutable;
using System.Globalization;

namespace Functional.Testing;

/// <summary>
/// Tolerances and step of a gradient check. An entry passes when
/// <c>|analytic - numeric| &lt;= AbsTol·scale + RelTol·max(|analytic|, |numeric|)</c>, where <c>scale</c> is
/// <c>max(1, Σ|y·u|)</c>, the size of the objective's terms: finite differences lose about
/// <c>ε·scale / h</c> to rounding, so the absolute floor grows with it.
/// </summary>
/// <param name="Step">The finite-difference step h (central differences, float64).</param>
/// <param name="RelTol">The relative tolerance.</param>
/// <param name="AbsTol">The absolute tolerance per unit of objective scale.</param>
/// <param name="CheckInput">Whether to check the input gradient as well as the parameter gradients.</param>
public sealed record GradCheckOptions(double Step = 1e-6, double RelTol = 1e-6, double AbsTol = 1e-8, bool CheckInput = true)
{
    /// <summary>The defaults: h = 1e-6, relative tolerance 1e-6, absolute 1e-8 per unit of scale.</summary>
    public static GradCheckOptions Default { get; } = new();
}

/// <summary>The comparison of one leaf's analytic gradient with central finite differences.</summary>
/// <param name="Name">The dotted parameter name (<c>0.weight</c>), or <c>input</c>.</param>
/// <param name="Size">The number of entries compared.</param>
/// <param name="MaxAbsError">The largest <c>|analytic - numeric|</c>.</param>
/// <param name="MaxRelError">The largest <c>|analytic - numeric| / max(|analytic| + |numeric|, 1e-300)</c>.</param>
/// <param name="WorstIndex">The flat index of the entry furthest beyond its tolerance (-1 for an empty leaf).</param>
/// <param name="Analytic">The pullback's value at <paramref name="WorstIndex"/>.</param>
/// <param name="Numeric">The finite-difference value at <paramref name="WorstIndex"/>.</param>
/// <param name="WorstRatio">Error over tolerance at <paramref name="WorstIndex"/>: above 1 fails.</param>
public sealed record LeafReport(string Name, int Size, double MaxAbsError, double MaxRelError, int WorstIndex, double Analytic, double Numeric, double WorstRatio)
{
    /// <summary>True when every entry is within tolerance (and none is NaN).</summary>
    public bool Passed => WorstRatio <= 1 && !double.IsNaN(WorstRatio);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name} ({Size} values): max abs {MaxAbsError:G3}, max rel {MaxRelError:G3}, worst [{WorstIndex}] analytic {Analytic:G10} vs numeric {Numeric:G10} ({(Passed ? "ok" : "FAIL")})");
}

/// <summary>The result of a gradient check: one <see cref="LeafReport"/> per parameter leaf and for the input.</summary>
/// <param name="Subject">What was checked, e.g. <c>Linear(3 -> 4) on input [2, 3]</c>.</param>
/// <param name="Leaves">One report per leaf, parameters first in tree order, then <c>input</c>.</param>
/// <param name="Scale">The objective scale <c>max(1, Σ|y·u|)</c> the absolute tolerance is multiplied by.</param>
/// <param name="Options">The step and tolerances used.</param>
public sealed record GradCheckReport(string Subject, ImmutableArray<LeafReport> Leaves, double Scale, GradCheckOptions Options)
{
    /// <summary>A report of a copy of <paramref name="leaves"/>.</summary>
    public GradCheckReport(string subject, IEnumerable<LeafReport> leaves, double scale, GradCheckOptions options)
        : this(subject, leaves.ToImmutableArray(), scale, options) { }

    /// <summary>True when every leaf passed.</summary>
    public bool Passed => Leaves.All(l => l.Passed);

    /// <summary>The leaf furthest beyond its tolerance, or null when there are no leaves.</summary>
    public LeafReport? Worst => Leaves.OrderByDescending(l => double.IsNaN(l.WorstRatio) ? double.PositiveInfinity : l.WorstRatio).FirstOrDefault();

    /// <summary>The report for the leaf named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No leaf has that name.</exception>
    public LeafReport this[string name] => Leaves.FirstOrDefault(l => l.Name == name)
        ?? throw new KeyNotFoundException($"the gradient check of {Subject} has no leaf '{name}' (leaves: {string.Join(", ", Leaves.Select(l => l.Name))})");

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"gradient check of {Subject} {(Passed ? "passed" : "FAILED")} (h = {Options.Step:G2}, rel tol {Options.RelTol:G2}, abs tol {Options.AbsTol:G2} x scale {Scale:G4})")
        + string.Concat(Leaves.Select(l => "\n  " + l));
}

/// <summary>Thrown by <see cref="GradCheck.Assert(GradCheckReport)"/> when a gradient check fails.</summary>
public sealed class GradCheckException : Exception
{
    /// <summary>The failing report.</summary>
    public GradCheckReport Report { get; }

    /// <summary>Creates the exception for <paramref name="report"/>, naming the worst leaf.</summary>
    public GradCheckException(GradCheckReport report) : base(Describe(report)) => Report = report;

    private static string Describe(GradCheckReport r)
    {
        var w = r.Worst!;
        return string.Create(CultureInfo.InvariantCulture,
            $"gradient check failed for {r.Subject}: worst leaf '{w.Name}' at index {w.WorstIndex}: analytic {w.Analytic:G10}, numeric {w.Numeric:G10} (abs error {Math.Abs(w.Analytic - w.Numeric):G3}, {w.WorstRatio:G3}x the tolerance)\n{r}");
    }
}
