using System.Numerics;

namespace Functional;

// The one forward contract. Every differentiable function in the library (a layer, a loss, a recurrent run, one
// cell step) returns the same three things: its output, its next non-trainable state, and a pullback from the
// output's gradient to the gradients of the parameters and of the input. The tensor-to-tensor case, which
// combinators compose, has the short names Forward<T>, Pullback<T> and Grads<T>; a function whose input or output
// is a record of tensors (a recurrent run's (output, h_n, c_n), a cell's (x, h, c)) uses the same shape with the
// record types spelled out: Forward<T, TIn, TOut>, Pullback<T, TIn, TOut> and Grads<T, TIn>. docs/design.md argues
// why there are two spellings of one shape rather than one type.

/// <summary>What a pullback returns: the gradient of the parameters (a tree shaped like them) and of the input.</summary>
/// <param name="Params">Parameter gradients, with the same structure and names as the parameters.</param>
/// <param name="Input">The input gradient; null when it was not asked for.</param>
public readonly record struct Grads<T>(Tree<T> Params, Tensor<T>? Input) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// Maps the gradient of a layer's output to the gradients of its parameters and input. It is a pure
/// function: calling it twice gives the same answer and changes nothing.
/// </summary>
/// <param name="outputGrad">The gradient of the scalar objective with respect to the layer's output.</param>
/// <param name="needInputGrad">False when the caller will not use the input gradient (the first layer of a network), so it can be skipped.</param>
public delegate Grads<T> Pullback<T>(Tensor<T> outputGrad, bool needInputGrad = true) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>The result of a forward call: the output, the layer's next state, and the pullback.</summary>
/// <param name="Output">The layer's output.</param>
/// <param name="State">The non-trainable state after the call (batch-norm statistics); unchanged for most layers.</param>
/// <param name="Pullback">The gradient function of this call.</param>
public readonly record struct Forward<T>(Tensor<T> Output, Tree<T> State, Pullback<T> Pullback) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// The input gradient for an output gradient of ones: for a loss (a scalar output), <c>dL/dx</c>.
    /// This is PyTorch's <c>loss.backward()</c> read at the input.
    /// </summary>
    public Tensor<T> Gradient() => Pullback(Tensor.Full(T.One, Output.Shape.ToArray())).Input!;

    /// <summary>The single element of a one-element output, such as a mean or summed loss: PyTorch's <c>loss.item()</c>.</summary>
    public T Item() => Output.Item();
}

/// <summary>What a structured pullback returns: the gradient of the parameters and of the (structured) input.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TIn">The input record, e.g. <see cref="RecurrentInput{T}"/>; its gradient has the same type.</typeparam>
/// <param name="Params">Parameter gradients, with the same structure and names as the parameters.</param>
/// <param name="Input">The input gradient; null when it was not asked for.</param>
public readonly record struct Grads<T, TIn>(Tree<T> Params, TIn? Input) where T : unmanaged, IFloatingPointIeee754<T> where TIn : class;

/// <summary>
/// The pullback of a function whose input and output are records of tensors: the same contract as
/// <see cref="Pullback{T}"/>, with the output gradient given as a <typeparamref name="TOut"/> (a part that does not
/// reach the objective is given as zeros) and the input gradient returned as a <typeparamref name="TIn"/>.
/// </summary>
public delegate Grads<T, TIn> Pullback<T, TIn, TOut>(TOut outputGrad, bool needInputGrad = true)
    where T : unmanaged, IFloatingPointIeee754<T> where TIn : class where TOut : class;

/// <summary>The result of a structured forward call: the output record, the next state, and the pullback.</summary>
/// <param name="Output">The output record, e.g. <see cref="RecurrentOutput{T}"/>.</param>
/// <param name="State">The non-trainable state after the call.</param>
/// <param name="Pullback">The gradient function of this call.</param>
public readonly record struct Forward<T, TIn, TOut>(TOut Output, Tree<T> State, Pullback<T, TIn, TOut> Pullback)
    where T : unmanaged, IFloatingPointIeee754<T> where TIn : class where TOut : class;
