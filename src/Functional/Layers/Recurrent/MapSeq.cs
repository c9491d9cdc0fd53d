using System.Numerics;

namespace Functional;

/// <summary>
/// Applies a layer at every step of a sequence: (batch, time, features) is seen by <see cref="Inner"/> as
/// (batch·time, features), and its output is read back as (batch, time, features'). The same parameters serve
/// every step (Keras's <c>TimeDistributed</c>); they are the inner layer's, under the same names.
/// </summary>
/// <example><code>
/// var charModel = Nn.Embedding(96, 32).Then(Nn.Lstm(32, 128)).Then(Nn.MapSeq(Nn.Linear(128, 96)));
/// </code></example>
public sealed class MapSeq : Layer
{
    /// <summary>The layer applied at each step.</summary>
    public Layer Inner { get; }

    /// <summary>Applies <paramref name="inner"/> at every step.</summary>
    public MapSeq(Layer inner) => Inner = inner;

    /// <inheritdoc />
    public override string ToString() => $"MapSeq({Inner})";

    private static Shape Rows(Shape input)
    {
        if (input.Rank < 3) throw new ShapeMismatchException($"MapSeq expects input (batch, time, ...), got {input}");
        var rows = input[0] < 0 || input[1] < 0 ? -1 : input[0] * input[1];
        return new Shape([rows, .. input.ToArray()[2..]]);
    }

    /// <inheritdoc />
    public override Initialized<T> Init<T>(Shape input, Rng rng)
    {
        var i = Inner.Init<T>(Rows(input), rng);
        return new(i.Params, i.State, new Shape([input[0], input[1], .. i.Output.ToArray()[1..]]));
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var f = Inner.Forward(parameters, state, input.Reshape(Rows(input.Shape)), context);
        var shape = new Shape([input.Shape[0], input.Shape[1], .. f.Output.Shape.ToArray()[1..]]);
        return new(f.Output.Reshape(shape), f.State, (dy, needInput) =>
        {
            if (dy.Shape != shape) throw new ShapeMismatchException($"{this}: the output gradient has shape {dy.Shape}, expected {shape}");
            var g = f.Pullback(dy.Reshape(f.Output.Shape), needInput);
            return new Grads<T>(g.Params, g.Input?.Reshape(input.Shape));
        });
    }
}
