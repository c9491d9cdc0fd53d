using System.Collections.Immutable;

namespace Functional;

/// <summary>
/// Splits dimension <see cref="Dim"/> into <see cref="Sizes"/>, PyTorch's <c>nn.Unflatten</c>: the inverse of
/// <see cref="Flatten"/>, e.g. (N, 784) to (N, 1, 28, 28) with <c>new Unflatten(1, 1, 28, 28)</c>. One size may be −1,
/// inferred from the others. The pullback reshapes the gradient back.
/// </summary>
public sealed class Unflatten : Activation
{
    /// <summary>The dimension split (negative counts from the end).</summary>
    public int Dim { get; }

    /// <summary>The sizes it is split into; their product is the dimension's size.</summary>
    public ImmutableArray<int> Sizes { get; }

    /// <summary>Creates the layer splitting dimension <paramref name="dim"/> into <paramref name="sizes"/>.</summary>
    /// <exception cref="ArgumentException">No sizes, more than one −1, or a size that is neither positive nor −1.</exception>
    public Unflatten(int dim, params int[] sizes)
    {
        (Dim, Sizes) = (dim, [.. sizes]);
        if (sizes.Length == 0 || sizes.Count(s => s == -1) > 1 || sizes.Any(s => s <= 0 && s != -1))
            throw new ArgumentException($"{this}: sizes must be positive, with at most one -1");
    }

    /// <inheritdoc />
    public override string ToString() => $"Unflatten({Dim}, [{string.Join(", ", Sizes)}])";

    /// <inheritdoc />
    protected override Shape Output(Shape input)
    {
        if (Dim < -input.Rank || Dim >= input.Rank)
            throw new ShapeMismatchException($"{this}: dimension {Dim} is out of range for input shape {input}");
        var axis = input.Axis(Dim);
        var size = input[axis];
        var known = Sizes.Where(s => s != -1).Aggregate(1, (a, b) => a * b);
        var sizes = Sizes.ToArray();
        var free = Array.IndexOf(sizes, -1);
        if (size != -1)
        {
            if (free >= 0)
            {
                if (size % known != 0)
                    throw new ShapeMismatchException($"{this}: dimension {Dim} of size {size} is not a multiple of {known} (input shape {input})");
                sizes[free] = size / known;
            }
            else if (known != size)
                throw new ShapeMismatchException($"{this}: sizes multiply to {known}, but dimension {Dim} has size {size} (input shape {input})");
        }
        var dims = input.ToArray().ToList();
        dims.RemoveAt(axis);
        dims.InsertRange(axis, sizes);
        return new Shape(dims.ToArray());
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
        => Stateless(input.Reshape(Output(input.Shape)), state, dy => dy.Reshape(input.Shape));
}
