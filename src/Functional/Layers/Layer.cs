using System.Numerics;

namespace Functional;

/// <summary>Whether a layer runs for training (dropout active, batch statistics) or evaluation.</summary>
public enum Mode
{
    /// <summary>Training: dropout samples masks, batch norm uses and updates batch statistics.</summary>
    Train,
    /// <summary>Evaluation: dropout is the identity, batch norm reads its running statistics.</summary>
    Eval,
}

/// <summary>What travels with a forward call besides parameters and input: the mode and a random key.</summary>
/// <param name="Mode">Train or eval.</param>
/// <param name="Rng">The key this call may draw from. Combinators hand each child its own key with <see cref="Child"/>.</param>
public sealed record Context(Mode Mode, Rng Rng)
{
    /// <summary>Evaluation mode (no randomness is drawn in eval mode).</summary>
    public static Context Eval { get; } = new(Mode.Eval, new Rng(0));

    /// <summary>Training mode with the given key.</summary>
    public static Context Train(Rng rng) => new(Mode.Train, rng);

    /// <summary>Training mode with a key made from <paramref name="seed"/>.</summary>
    public static Context Train(ulong seed) => new(Mode.Train, new Rng(seed));

    /// <summary>True in training mode.</summary>
    public bool IsTraining => Mode == Mode.Train;

    /// <summary>The context for child <paramref name="index"/> of a combinator: same mode, independent key.</summary>
    public Context Child(int index) => this with { Rng = Rng.Fold((ulong)index) };
}

/// <summary>The result of <see cref="Layer.Init{T}"/>: fresh parameters and state, and the output shape.</summary>
/// <param name="Params">The trainable parameters.</param>
/// <param name="State">The initial non-trainable state.</param>
/// <param name="Output">The shape of the output for the input shape given.</param>
public readonly record struct Initialized<T>(Tree<T> Params, Tree<T> State, Shape Output) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// A layer: a description (its hyperparameters) plus two pure functions. <see cref="Init{T}"/> makes
/// parameters for an input shape; <see cref="Forward{T}"/> runs the layer and returns its output with a
/// pullback. A layer holds no parameters, caches nothing and mutates nothing, so one layer value serves
/// float training and double gradient checks alike.
/// </summary>
/// <example><code>
/// var net = Nn.Linear(784, 256).Then(Nn.ReLU()).Then(Nn.Linear(256, 10));
/// var init = net.Init&lt;float&gt;(Shape.Of(-1, 784), new Rng(42));
/// var fwd = net.Forward(init.Params, init.State, x, Context.Eval);
/// var grads = fwd.Pullback(dy);
/// </code></example>
public abstract class Layer
{
    /// <summary>A short description in PyTorch's style, e.g. <c>Linear(256 -> 10)</c>.</summary>
    public abstract override string ToString();

    /// <summary>
    /// Checks that the layer accepts <paramref name="input"/> (batch dimension -1 for any), and returns fresh
    /// parameters drawn from <paramref name="rng"/>, the initial state and the output shape.
    /// </summary>
    /// <exception cref="ShapeMismatchException">The input shape does not fit; the message names the layer and both shapes.</exception>
    public abstract Initialized<T> Init<T>(Shape input, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Runs the layer on <paramref name="input"/> with parameters <paramref name="parameters"/> and state <paramref name="state"/>.</summary>
    public abstract Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Inference: the output of the layer on <paramref name="input"/> in eval mode (dropout off, batch norm on its
    /// running statistics), without the pullback. The same as <c>Forward(parameters, state, input, Context.Eval).Output</c>.
    /// </summary>
    /// <example><code>var predicted = net.Apply(trained.Params, trained.LayerState, x).ArgMax(1);</code></example>
    public Tensor<T> Apply<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input) where T : unmanaged, IFloatingPointIeee754<T>
        => Forward(parameters, state, input, Context.Eval).Output;

    /// <summary>The output shape for <paramref name="input"/>, checking it on the way.</summary>
    public virtual Shape OutputShape(Shape input) => Init<double>(input, new Rng(0)).Output;

    /// <summary>The sequential composition: this layer, then <paramref name="next"/>. Sequences are flattened, so <c>Then</c> is associative.</summary>
    public Sequential Then(Layer next) => Sequential.Of(this, next);

    /// <summary>This layer under <paramref name="name"/>: its parameter and state names get the prefix <c>name.</c>; see <see cref="Functional.Named"/>.</summary>
    public Named Named(string name) => new(name, this);

    /// <summary>Casts a tree to the record type a layer expects, with a clear error otherwise.</summary>
    protected TTree Expect<TTree>(object tree) where TTree : class
        => tree as TTree ?? throw new ArgumentException($"{this} expects parameters of type {typeof(TTree).Name.Split('`')[0]}, got {tree.GetType().Name.Split('`')[0]}");
}

/// <summary>A shape that does not fit a layer. The message names the layer, by position and kind, and both shapes.</summary>
public sealed class ShapeMismatchException : ArgumentException
{
    /// <summary>The position of the layer inside its combinators, e.g. <c>3</c>, <c>1.3</c> or <c>features.0</c>; empty at top level.</summary>
    public string Position { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Detail { get; }

    /// <summary>Creates the exception for a layer at top level.</summary>
    public ShapeMismatchException(string detail) : this("", detail) { }

    private ShapeMismatchException(string position, string detail)
        : base(position.Length == 0 ? detail : $"layer {position} {detail}")
    {
        Position = position;
        Detail = detail;
    }

    /// <summary>The same error seen from a combinator, where the layer is child <paramref name="index"/>.</summary>
    public ShapeMismatchException Under(int index) => Under(index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The same error seen from a combinator, where the layer is the child named <paramref name="name"/>.</summary>
    public ShapeMismatchException Under(string name)
        => new(Position.Length == 0 ? name : $"{name}.{Position}", Detail);
}
