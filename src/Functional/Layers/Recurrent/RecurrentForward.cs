using System.Numerics;

namespace Functional;

/// <summary>
/// The state of a recurrent network between calls, shaped as PyTorch's: <c>H</c> (layers·directions, batch, hidden),
/// and <c>C</c> the same for an LSTM (null otherwise). Row <c>k·directions + d</c> belongs to layer k, direction d.
/// </summary>
/// <param name="H">The hidden states, PyTorch's <c>h_n</c> (or <c>h_0</c>).</param>
/// <param name="C">The LSTM cell states, PyTorch's <c>c_n</c> (or <c>c_0</c>); null for RNN and GRU.</param>
public sealed record RecurrentState<T>(Tensor<T> H, Tensor<T>? C) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>The gradients of a recurrent call: parameters, input (null when not asked for) and the initial state.</summary>
/// <param name="Params">Gradients of the parameters, named as the parameters.</param>
/// <param name="Input">Gradient of the input sequence; null when it was not asked for.</param>
/// <param name="Initial">Gradients of the initial state (<c>h_0</c>, <c>c_0</c>).</param>
public sealed record RecurrentGrads<T>(Tree<T> Params, Tensor<T>? Input, RecurrentState<T> Initial) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// The pullback of a recurrent call: gradients of <c>output</c>, <c>h_n</c> and <c>c_n</c>, any of which may be null
/// (meaning zero), to the gradients of the parameters, the input and the initial state.
/// </summary>
public delegate RecurrentGrads<T> RecurrentPullback<T>(Tensor<T>? outputGrad, Tensor<T>? hGrad, Tensor<T>? cGrad, bool needInputGrad = true)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// The full result of a recurrent call, PyTorch's <c>(output, h_n)</c> or <c>(output, (h_n, c_n))</c> plus the pullback.
/// </summary>
/// <param name="Output">All steps' outputs, (batch, time, directions·hidden); zero past a sequence's length.</param>
/// <param name="Final">The final state <c>(h_n, c_n)</c>, (layers·directions, batch, hidden) each.</param>
/// <param name="Pullback">The gradient function for all three outputs.</param>
public sealed record RecurrentForward<T>(Tensor<T> Output, RecurrentState<T> Final, RecurrentPullback<T> Pullback) where T : unmanaged, IFloatingPointIeee754<T>;
