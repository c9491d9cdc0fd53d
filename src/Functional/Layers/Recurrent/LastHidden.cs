using System.Numerics;

namespace Functional;

/// <summary>
/// Many-to-one from the final state: the last layer's <c>h_n</c>, directions concatenated (batch, directions·hidden)
/// — PyTorch's <c>torch.cat([h_n[-2], h_n[-1]], 1)</c> for a bidirectional network. Unlike <see cref="Last"/>, the
/// backward half has read the whole sequence (its final state is after step 0). With lengths, the forward half is each
/// sequence's state after its own last step. Parameters are the inner layer's.
/// </summary>
public sealed class LastHidden : ManyToOne
{
    /// <summary>Takes the final hidden state of <paramref name="inner"/>'s last layer.</summary>
    public LastHidden(SequenceLayer inner) : base(inner) { }

    /// <inheritdoc />
    public override string ToString() => $"LastHidden({Inner})";

    /// <summary>As <see cref="ManyToOne.Forward{T}(Tree{T}, Tree{T}, Tensor{T}, Context)"/> with per-sequence lengths.</summary>
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context, int[]? lengths)
    {
        var r = Inner.Run(parameters, input, context, lengths);
        var hn = r.Output.H;
        int rows = hn.Shape[0], b = hn.Shape[1], h = hn.Shape[2], d = Inner.Directions;
        var y = Buffers.New<T>(b * d * h);
        for (var i = 0; i < b; i++)
            for (var k = 0; k < d; k++)
                hn.Span.Slice(((rows - d + k) * b + i) * h, h).CopyTo(y.AsSpan((i * d + k) * h, h));
        return new(new Tensor<T>(Shape.Of(b, d * h), y), state, (dy, needInput) =>
        {
            if (dy.Shape != Shape.Of(b, d * h)) throw new ShapeMismatchException($"{this}: the output gradient has shape {dy.Shape}, expected ({b}, {d * h})");
            var dh = Buffers.New<T>(hn.Size);
            for (var i = 0; i < b; i++)
                for (var k = 0; k < d; k++)
                    dy.Span.Slice((i * d + k) * h, h).CopyTo(dh.AsSpan(((rows - d + k) * b + i) * h, h));
            var g = r.Pullback(r.Output.Gradient(h: new Tensor<T>(hn.Shape, dh)), needInput);
            return new Grads<T>(g.Params, g.Input?.Sequence);
        });
    }
}
