namespace Functional.Conformance;

/// <summary>
/// A module case's call, whatever protocol the layer speaks: the outputs by PyTorch's names (<c>output</c>, <c>h_n</c>,
/// <c>c_n</c>), the state after the call, and a pullback from output gradients (a missing name is a zero gradient) to
/// the parameter gradients and one gradient per input.
/// </summary>
/// <param name="Outputs">The outputs by name.</param>
/// <param name="State">The non-trainable state after the call (the buffers).</param>
/// <param name="Pullback">Output gradients and whether the input gradients are needed, to the gradients.</param>
internal sealed record CaseForward(
    IReadOnlyDictionary<string, Tensor<double>> Outputs,
    Tree<double> State,
    Func<IReadOnlyDictionary<string, Tensor<double>>, bool, CaseGrads> Pullback);

/// <summary>The gradients of a module case.</summary>
/// <param name="Params">Gradients of the parameters, named as the parameters.</param>
/// <param name="Inputs">Gradient of <c>input/i</c> at index i; null where not computed.</param>
internal sealed record CaseGrads(Tree<double> Params, IReadOnlyList<Tensor<double>?> Inputs);
