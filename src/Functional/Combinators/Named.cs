using System.Numerics;

namespace Functional;

/// <summary>
/// A layer under a name, as a PyTorch module holding it in an attribute (<c>self.encoder = ...</c>): the same
/// computation, with every parameter and state name prefixed by <c>name.</c> (<c>encoder.weight</c>). Its trees are
/// a <see cref="TreeList{T}"/> with the one child <see cref="Name"/>. Randomness and the context pass through
/// unchanged, so naming a layer does not change its initialization. Write it <c>layer.Named("encoder")</c>.
/// </summary>
/// <example><code>
/// var block = Nn.Sequential(Nn.Linear(784, 630), Nn.LeakyReLU(), Nn.BatchNorm1d(630)).Named("block");
/// // parameters block.0.weight, block.0.bias, block.2.weight, block.2.bias; state block.2.running_mean, ...
/// </code></example>
public sealed class Named : Layer
{
    /// <summary>The name: the prefix of every leaf of <see cref="Inner"/>.</summary>
    public string Name { get; }

    /// <summary>The layer named.</summary>
    public Layer Inner { get; }

    /// <summary>Names <paramref name="inner"/> <paramref name="name"/> (non-empty, without dots).</summary>
    public Named(string name, Layer inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Sequential.CheckName(name, $"Named({inner})");
        (Name, Inner) = (name, inner);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Inner}";

    private TreeList<T> Wrap<T>(Tree<T> tree) where T : unmanaged, IFloatingPointIeee754<T> => new([(Name, tree)]);

    private Tree<T> Unwrap<T>(Tree<T> tree, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var list = Expect<TreeList<T>>(tree);
        if (list.Names.Length != 1 || list.Names[0] != Name)
            throw new ArgumentException($"{this}: the {what} must hold the one child '{Name}', got [{string.Join(", ", list.Names)}]");
        return list.Items[0];
    }

    /// <inheritdoc />
    public override Initialized<T> Init<T>(Shape input, Rng rng)
    {
        try
        {
            var init = Inner.Init<T>(input, rng);
            return new(Wrap(init.Params), Wrap(init.State), init.Output);
        }
        catch (ShapeMismatchException e) { throw e.Under(Name); }
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        Forward<T> f;
        try { f = Inner.Forward(Unwrap(parameters, "parameters"), Unwrap(state, "state"), input, context); }
        catch (ShapeMismatchException e) { throw e.Under(Name); }
        return new(f.Output, Wrap(f.State), (dy, needInput) =>
        {
            var g = f.Pullback(dy, needInput);
            return new Grads<T>(Wrap(g.Params), g.Input);
        });
    }
}
