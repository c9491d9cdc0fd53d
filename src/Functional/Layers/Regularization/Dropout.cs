using System.Globalization;
using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// Inverted dropout, PyTorch's <c>nn.Dropout(p)</c>. In train mode each element is zeroed with
/// probability <see cref="P"/> and the others are multiplied by <c>1/(1-p)</c> (the scale rounded to
/// the element type first, as PyTorch does, so a kept value is <c>x·(1/(1-p))</c>); in eval mode
/// the layer is the identity and returns its input tensor itself.
/// <para>The mask comes only from the context's key: element i is kept when
/// <c>context.Rng.Uniform(i) ≥ p</c>, so a given key gives the same mask on every machine, and the layer
/// keeps no state. Combinators give each child its own key (<see cref="Context.Child"/>). The masks differ
/// from PyTorch's, whose generator is not reproduced. The pullback multiplies by the same mask.</para>
/// </summary>
/// <example><code>
/// var net = Nn.Linear(784, 256).Then(Nn.ReLU()).Then(Nn.Dropout(0.2)).Then(Nn.Linear(256, 10));
/// var fwd = net.Forward(p, s, x, Context.Train(new Rng(7)));   // the mask is a function of the key
/// </code></example>
public sealed class Dropout : Layer
{
    /// <summary>The probability of zeroing an element, in [0, 1].</summary>
    public double P { get; }

    /// <summary>Creates a dropout layer that zeroes elements with probability <paramref name="p"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public Dropout(double p = 0.5)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: the probability has to be between 0 and 1, got {p}");
        P = p;
    }

    /// <inheritdoc />
    public override string ToString() => $"Dropout(p={P.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>No parameters, no state; the output shape is the input shape.</summary>
    public override Initialized<T> Init<T>(Shape input, Rng rng) => new(Tree.Empty<T>(), Tree.Empty<T>(), input);

    /// <summary>
    /// The multiplier of train-mode dropout for <paramref name="size"/> elements: element i is
    /// <c>1/(1-p)</c> when <c>rng.Uniform(i) ≥ p</c> and 0 otherwise (all zeros for p = 1).
    /// </summary>
    public static T[] Mask<T>(Rng rng, double p, int size) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var scale = T.CreateTruncating(1.0 / (1.0 - p));
        var mask = Buffers.New<T>(size);
        if (p >= 1) return mask;
        for (var i = 0; i < size; i++)
            if (rng.Uniform((ulong)i) >= p) mask[i] = scale;
        return mask;
    }

    /// <summary>
    /// Train mode: the input times the mask drawn from <c>context.Rng</c> (see <see cref="Mask{T}"/>).
    /// Eval mode, or p = 0: the input itself, with the identity pullback.
    /// </summary>
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        if (!context.IsTraining || P == 0)
            return new(input, state, (dy, needInput) => new Grads<T>(parameters, needInput ? dy : null));
        var mask = Mask<T>(context.Rng, P, input.Size);
        var y = Buffers.New<T>(input.Size);
        TP.Multiply(input.Span, mask, y);
        return new(new Tensor<T>(input.Shape, y), state, (dy, needInput) =>
        {
            if (!needInput) return new Grads<T>(parameters, null);
            if (dy.Shape != input.Shape)
                throw new ShapeMismatchException($"{this}: the output gradient has shape {dy.Shape}, but the output has shape {input.Shape}");
            var dx = Buffers.New<T>(dy.Size);
            TP.Multiply(dy.Span, mask, dx);
            return new Grads<T>(parameters, new Tensor<T>(dy.Shape, dx));
        });
    }
}
