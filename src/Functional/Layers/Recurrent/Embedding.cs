using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// A lookup table, PyTorch's <c>nn.Embedding(num_embeddings, embedding_dim, padding_idx)</c>: token ids (any shape,
/// whole-valued values of the element type in 0..num-1) become vectors, output shape (..., dim). The weight
/// <c>weight</c> (num, dim) is initialized N(0, 1), with the padding row zero. The gradient of the weight adds each
/// position's upstream row into its token's row; the padding row gets no gradient.
/// <para>Token ids are not differentiable (PyTorch gives integer indices no gradient); the pullback returns a zero
/// input gradient, so combinators can still compose it.</para>
/// </summary>
/// <example><code>
/// var emb = Nn.Embedding(1000, 64, paddingIdx: 0);
/// var p = emb.Init&lt;float&gt;(Shape.Of(-1, 20), new Rng(0)).Params;     // weight (1000, 64)
/// var y = emb.Forward(p, Tree.Empty&lt;float&gt;(), ids, Context.Eval).Output;   // ids (B, 20) → (B, 20, 64)
/// </code></example>
/// <remarks>Parameters: <see cref="WeightBias{T}"/> with <c>weight</c> (num_embeddings, embedding_dim) and no bias.</remarks>
public sealed class Embedding : Layer
{
    /// <summary>The number of tokens.</summary>
    public int NumEmbeddings { get; }

    /// <summary>The vector size.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The padding token (in 0..num-1), or null.</summary>
    public int? PaddingIdx { get; }

    /// <summary>Creates the table; a negative <paramref name="paddingIdx"/> counts from the end, as PyTorch's.</summary>
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null)
    {
        if (numEmbeddings <= 0 || embeddingDim <= 0)
            throw new ArgumentException($"Embedding({numEmbeddings}, {embeddingDim}): sizes must be positive");
        if (paddingIdx is { } pi && (pi >= numEmbeddings || pi < -numEmbeddings))
            throw new ArgumentOutOfRangeException(nameof(paddingIdx), $"Embedding({numEmbeddings}, {embeddingDim}): padding_idx {pi} must be within num_embeddings");
        (NumEmbeddings, EmbeddingDim, PaddingIdx) = (numEmbeddings, embeddingDim, paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx);
    }

    /// <inheritdoc />
    public override string ToString() => $"Embedding({NumEmbeddings}, {EmbeddingDim}{(PaddingIdx is { } p ? $", padding_idx={p}" : "")})";

    /// <summary>N(0, 1) weights with the padding row zero; the output shape is the input's plus the embedding dimension.</summary>
    public override Initialized<T> Init<T>(Shape input, Rng rng)
    {
        var w = Tensor.Randn<T>(rng, NumEmbeddings, EmbeddingDim).ToArray();
        if (PaddingIdx is { } p) w.AsSpan(p * EmbeddingDim, EmbeddingDim).Clear();
        return new(new WeightBias<T>(new Tensor<T>(Shape.Of(NumEmbeddings, EmbeddingDim), w)), Tree.Empty<T>(), new Shape([.. input.ToArray(), EmbeddingDim]));
    }

    private int[] Ids<T>(Tensor<T> input) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ids = new int[input.Size];
        for (var i = 0; i < ids.Length; i++)
        {
            var v = input.Span[i];
            if (!T.IsInteger(v) || v < T.Zero || v >= T.CreateTruncating(NumEmbeddings))
                throw new ArgumentOutOfRangeException(nameof(input), $"{this}: token id {v} at position {i} is not a whole number in 0..{NumEmbeddings - 1}");
            ids[i] = int.CreateTruncating(v);
        }
        return ids;
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var p = Expect<WeightBias<T>>(parameters);
        if (p.Weight.Shape != Shape.Of(NumEmbeddings, EmbeddingDim))
            throw new ShapeMismatchException($"{this}: the weight has shape {p.Weight.Shape}, expected ({NumEmbeddings}, {EmbeddingDim})");
        if (p.Bias is not null) throw new ArgumentException($"{this}: an embedding has no bias, but the parameters hold one of shape {p.Bias.Shape}");
        var ids = Ids(input);
        var d = EmbeddingDim;
        var y = Buffers.New<T>(ids.Length * d);
        for (var i = 0; i < ids.Length; i++) p.Weight.Span.Slice(ids[i] * d, d).CopyTo(y.AsSpan(i * d, d));
        var shape = new Shape([.. input.Shape.ToArray(), d]);
        return new(new Tensor<T>(shape, y), state, (dy, needInput) =>
        {
            if (dy.Shape != shape) throw new ShapeMismatchException($"{this}: the output gradient has shape {dy.Shape}, expected {shape}");
            var dw = Buffers.New<T>(NumEmbeddings * d);
            for (var i = 0; i < ids.Length; i++)
                if (ids[i] != PaddingIdx) TP.Add(dw.AsSpan(ids[i] * d, d), dy.Span.Slice(i * d, d), dw.AsSpan(ids[i] * d, d));
            return new Grads<T>(new WeightBias<T>(new Tensor<T>(p.Weight.Shape, dw)), needInput ? Tensor.ZerosLike(input) : null);
        });
    }
}
