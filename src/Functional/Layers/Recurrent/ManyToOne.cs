using System.Numerics;

namespace Functional;

/// <summary>
/// The shell shared by the many-to-one readers <see cref="Last"/> and <see cref="LastHidden"/>: they run
/// <see cref="Inner"/>, keep its parameters under the same names, and output (batch, directions·hidden).
/// Subclasses say which part of the run they read, with optional per-sequence lengths.
/// </summary>
public abstract class ManyToOne : Layer
{
    /// <summary>The recurrent layer that is read.</summary>
    public SequenceLayer Inner { get; }

    /// <summary>Reads <paramref name="inner"/>.</summary>
    protected ManyToOne(SequenceLayer inner) => Inner = inner;

    /// <summary>The inner layer's parameters; the output is (batch, directions·hidden).</summary>
    public override Initialized<T> Init<T>(Shape input, Rng rng)
    {
        var i = Inner.Init<T>(input, rng);
        return new(i.Params, i.State, Shape.Of(input[0], Inner.OutputSize));
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
        => Forward(parameters, state, input, context, null);

    /// <summary>As <see cref="Forward{T}(Tree{T}, Tree{T}, Tensor{T}, Context)"/>, each sequence read according to its own length.</summary>
    public abstract Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context, int[]? lengths)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
