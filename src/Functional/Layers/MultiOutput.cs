using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// The pullback of a layer with several named outputs: from the gradients of any of them (a missing name counts
/// as a zero gradient) to the gradients of the parameters and the input.
/// </summary>
public delegate Grads<T> MultiPullback<T>(IReadOnlyDictionary<string, Tensor<T>> outputGrads, bool needInputGrad = true) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>The result of <see cref="IMultiOutputLayer.ForwardAll{T}"/>: the named outputs, the next state and the pullback.</summary>
/// <param name="Outputs">The outputs by name, e.g. <c>output</c>, <c>h_n</c>, <c>c_n</c>.</param>
/// <param name="State">The non-trainable state after the call.</param>
/// <param name="Pullback">The gradient function taking gradients for any of the outputs.</param>
public readonly record struct MultiForward<T>(ImmutableDictionary<string, Tensor<T>> Outputs, Tree<T> State, MultiPullback<T> Pullback)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// A layer whose call returns more than its main output, as PyTorch's recurrent modules return
/// <c>(output, h_n)</c> or <c>(output, (h_n, c_n))</c>. <see cref="Layer.Forward{T}"/> still returns only the main output
/// (named <c>output</c>); <see cref="ForwardAll{T}"/> returns them all, and its pullback takes a gradient for each.
/// </summary>
public interface IMultiOutputLayer
{
    /// <summary>The names of the outputs, the main one (<c>output</c>) first.</summary>
    ImmutableArray<string> OutputNames { get; }

    /// <summary>Runs the layer and returns every output by name.</summary>
    MultiForward<T> ForwardAll<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context) where T : unmanaged, IFloatingPointIeee754<T>;
}
