namespace Functional.Conformance;

/// <summary>
/// Compares computed tensors with a case's expected tensors under the case's tolerance and collects the
/// outcome: shapes must be equal (a rank-0 result matches an expected [1], see <see cref="ScalarAsOne"/>) and every element must satisfy <c>|a - e| &lt;= atol + rtol·|e|</c>.
/// </summary>
public sealed class Checker(ConformanceCase c, SafeTensorFile data)
{
    private readonly List<string> problems = [];
    private (string Tensor, double Error)? worst;
    private int mismatched;

    /// <summary>The number of tensors compared so far.</summary>
    public int Compared { get; private set; }

    /// <summary>Compares <paramref name="actual"/> with the file's tensor <paramref name="expectedName"/>.</summary>
    public void Compare(string expectedName, Tensor<double>? actual)
    {
        Compared++;
        var e = data.Find(expectedName);
        if (e is null) { problems.Add($"the file has no tensor '{expectedName}'"); return; }
        if (actual is null) { problems.Add($"no value computed for '{expectedName}'"); return; }
        if (e.Shape != actual.Shape && !ScalarAsOne(actual.Shape, e.Shape)) { problems.Add($"tensor {expectedName} has shape {actual.Shape}, expected {e.Shape}"); return; }
        var exp = e.ToTensor<double>().Span;
        var act = actual.Span;
        double max = 0;
        var bad = false;
        for (var i = 0; i < exp.Length; i++)
        {
            if (c.Close(act[i], exp[i])) continue;
            bad = true;
            var err = Math.Abs(act[i] - exp[i]);
            if (!(err <= max)) max = err;   // NaN counts as the largest error
        }
        if (!bad) return;
        mismatched++;
        if (worst is null || !(max <= worst.Value.Error)) worst = (expectedName, max);
    }

    /// <summary>
    /// The reference generator stores 0-d values (a mean loss) through numpy's <c>ascontiguousarray</c>, which makes
    /// them shape [1]; a rank-0 result therefore matches an expected [1].
    /// </summary>
    private static bool ScalarAsOne(Shape actual, Shape expected) => actual.Rank == 0 && expected == Shape.Of(1);

    /// <summary>Records a failure that is not a numeric mismatch.</summary>
    public void Problem(string detail) => problems.Add(detail);

    /// <summary>The verdict: the first structural problem, else the tensor with the largest error, else a pass.</summary>
    public CaseResult Result()
    {
        if (problems.Count > 0) return CaseResult.Fail(c.Name, string.Join("; ", problems));
        if (worst is { } w)
            return new CaseResult(c.Name, Verdict.Fail, mismatched > 1 ? $"{mismatched} tensors out of tolerance" : "", w.Tensor, w.Error);
        return Compared == 0 ? CaseResult.Fail(c.Name, "nothing was compared") : CaseResult.Pass(c.Name);
    }
}
