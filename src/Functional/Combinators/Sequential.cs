using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// Layers run one after another, PyTorch's <c>nn.Sequential</c>. Parameters are a <see cref="TreeList{T}"/>
/// named <c>0.</c>, <c>1.</c>, ... exactly as in a PyTorch state dict. The pullback is the children's
/// pullbacks composed in reverse.
/// </summary>
public sealed class Sequential : Layer
{
    /// <summary>The layers, in order.</summary>
    public ImmutableArray<Layer> Layers { get; }

    /// <summary>Creates a sequence of <paramref name="layers"/> (kept as given, nested sequences included).</summary>
    public Sequential(params Layer[] layers) : this((IEnumerable<Layer>)layers) { }

    /// <summary>Creates a sequence of a copy of <paramref name="layers"/> (kept as given, nested sequences included).</summary>
    public Sequential(IEnumerable<Layer> layers) => Layers = [.. layers];

    /// <summary>The sequence of <paramref name="layers"/>, with nested sequences spliced in, so composition is associative.</summary>
    public static Sequential Of(params Layer[] layers)
        => new(layers.SelectMany(l => l is Sequential s ? s.Layers : [l]));

    /// <inheritdoc />
    public override string ToString() => "Sequential(" + string.Join(", ", Layers) + ")";

    /// <inheritdoc />
    public override Initialized<T> Init<T>(Shape input, Rng rng)
    {
        var ps = new Tree<T>[Layers.Length];
        var ss = new Tree<T>[Layers.Length];
        var shape = input;
        for (var i = 0; i < Layers.Length; i++)
        {
            try
            {
                var init = Layers[i].Init<T>(shape, rng.Fold((ulong)i));
                (ps[i], ss[i], shape) = (init.Params, init.State, init.Output);
            }
            catch (ShapeMismatchException e) { throw e.Under(i); }
        }
        return new(new TreeList<T>(ps), new TreeList<T>(ss), shape);
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var p = Expect<TreeList<T>>(parameters);
        var s = Expect<TreeList<T>>(state);
        if (p.Items.Length != Layers.Length || s.Items.Length != Layers.Length)
            throw new ArgumentException($"{this} has {Layers.Length} layers, but the parameters have {p.Items.Length} and the state {s.Items.Length}");
        var backs = new Pullback<T>[Layers.Length];
        var states = new Tree<T>[Layers.Length];
        var x = input;
        for (var i = 0; i < Layers.Length; i++)
        {
            try
            {
                var f = Layers[i].Forward(p.Items[i], s.Items[i], x, context.Child(i));
                (x, states[i], backs[i]) = (f.Output, f.State, f.Pullback);
            }
            catch (ShapeMismatchException e) { throw e.Under(i); }
        }
        return new(x, new TreeList<T>(states), (dy, needInput) =>
        {
            var grads = new Tree<T>[backs.Length];
            var g = dy;
            for (var i = backs.Length - 1; i >= 0; i--)
            {
                var r = backs[i](g!, needInput || i > 0);
                grads[i] = r.Params;
                g = r.Input;
            }
            return new Grads<T>(new TreeList<T>(grads), needInput ? g : null);
        });
    }
}
