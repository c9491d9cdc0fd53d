namespace Functional.Conformance;

/// <summary>
/// Kind <c>loss</c>: builds the loss from its spec, evaluates it in float64 on <c>input/0</c> and <c>target</c>,
/// and compares <c>expected/output</c> and, pulling back <c>upstream/output</c>, <c>expected_grad/input/0</c>.
/// </summary>
public sealed class LossCaseHandler : ICaseHandler
{
    /// <inheritdoc />
    public string Kind => "loss";

    /// <inheritdoc />
    public CaseResult Run(ConformanceCase c, SafeTensorFile data)
    {
        var loss = ModelSpec.Loss(c.Spec);
        var f = loss.Forward(data.Get<double>("input/0"), data.Get<double>("target"));
        var check = new Checker(c, data);
        check.Compare("expected/output", f.Output);
        if (data.Contains("upstream/output"))
            check.Compare("expected_grad/input/0", f.Pullback(data.Get<double>("upstream/output")).Input);
        return check.Result();
    }
}
