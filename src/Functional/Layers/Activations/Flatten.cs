namespace Functional;

/// <summary>
/// Flattens dimensions <c>startDim..endDim</c> into one, PyTorch's <c>nn.Flatten</c> (default: all but the
/// batch dimension, so NCHW becomes (N, C·H·W)).
/// </summary>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Activation
{
    /// <summary>First flattened dimension.</summary>
    public int StartDim { get; } = startDim;

    /// <summary>Last flattened dimension (inclusive).</summary>
    public int EndDim { get; } = endDim;

    /// <inheritdoc />
    public override string ToString() => $"Flatten({StartDim}, {EndDim})";

    /// <inheritdoc />
    protected override Shape Output(Shape input)
    {
        if (input.Rank == 0) return Shape.Of(1);
        int s = input.Axis(StartDim), e = input.Axis(EndDim);
        if (s > e) throw new ShapeMismatchException($"{this}: start dimension after end dimension for input {input}");
        var dims = new List<int>();
        for (var i = 0; i < s; i++) dims.Add(input[i]);
        var prod = 1;
        var any = false;
        for (var i = s; i <= e; i++) { if (input[i] == -1) any = true; else prod *= input[i]; }
        dims.Add(any ? -1 : prod);
        for (var i = e + 1; i < input.Rank; i++) dims.Add(input[i]);
        return new Shape(dims.ToArray());
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
        => Stateless(input.Reshape(Output(input.Shape)), state, dy => dy.Reshape(input.Shape));
}
