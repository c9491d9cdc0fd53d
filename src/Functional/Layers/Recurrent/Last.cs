using System.Numerics;

namespace Functional;

/// <summary>
/// Many-to-one: the output at the last step, <c>output[:, -1]</c> (batch, directions·hidden), exactly as the book does;
/// with lengths, each sequence's own last valid step (<c>output[b, lengths[b] - 1]</c>), as packed sequences give.
/// <para><b>Caveat.</b> With a bidirectional layer the backward half of <c>output[:, -1]</c> has seen only the last
/// step: the backward scan starts there. To summarize the whole sequence in both directions use
/// <see cref="LastHidden"/>, the final hidden states (the backward one is taken after step 0).</para>
/// Parameters are the inner layer's, under the same names.
/// </summary>
/// <example><code>
/// var net = Nn.Lstm(28, 128, numLayers: 4, dropout: 0.3, bidirectional: true).Last()
///     .Then(Nn.ReLU()).Then(Nn.BatchNorm1d(256)).Then(Nn.Linear(256, 10)).Then(Nn.LogSoftmax());
/// </code></example>
public sealed class Last : ManyToOne
{
    /// <summary>Takes the last step of <paramref name="inner"/>'s output.</summary>
    public Last(SequenceLayer inner) : base(inner) { }

    /// <inheritdoc />
    public override string ToString() => $"Last({Inner})";

    /// <summary>As <see cref="ManyToOne.Forward{T}(Tree{T}, Tree{T}, Tensor{T}, Context)"/>, each sequence read at its own last step <c>lengths[b] - 1</c>.</summary>
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context, int[]? lengths)
    {
        var r = Inner.Run(parameters, input, context, lengths);
        var seq = r.Output.Sequence;
        var (b, t, f) = (seq.Shape[0], seq.Shape[1], seq.Shape[2]);
        int Step(int i) => (lengths?[i] ?? t) - 1;
        var y = Buffers.New<T>(b * f);
        for (var i = 0; i < b; i++) seq.Span.Slice((i * t + Step(i)) * f, f).CopyTo(y.AsSpan(i * f, f));
        return new(new Tensor<T>(Shape.Of(b, f), y), state, (dy, needInput) =>
        {
            if (dy.Shape != Shape.Of(b, f)) throw new ShapeMismatchException($"{this}: the output gradient has shape {dy.Shape}, expected ({b}, {f})");
            var d = Buffers.New<T>(b * t * f);
            for (var i = 0; i < b; i++) dy.Span.Slice(i * f, f).CopyTo(d.AsSpan((i * t + Step(i)) * f, f));
            var g = r.Pullback(r.Output.Gradient(sequence: new Tensor<T>(seq.Shape, d)), needInput);
            return new Grads<T>(g.Params, g.Input?.Sequence);
        });
    }
}
