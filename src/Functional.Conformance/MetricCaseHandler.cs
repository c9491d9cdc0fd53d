namespace Functional.Conformance;

/// <summary>
/// Kind <c>metric</c>: scikit-learn reference values (ROC curve, AUROC, average precision, classification report),
/// computed by <see cref="MetricConformance"/> and compared tensor by tensor.
/// </summary>
public sealed class MetricCaseHandler : ICaseHandler
{
    /// <inheritdoc />
    public string Kind => "metric";

    /// <inheritdoc />
    public CaseResult Run(ConformanceCase c, SafeTensorFile data)
    {
        var check = new Checker(c, data);
        foreach (var (name, actual, _) in MetricConformance.Evaluate(c.Spec, n => data.Contains(n) ? data.Get<double>(n) : null))
            check.Compare("expected/" + name, actual);
        return check.Result();
    }
}
