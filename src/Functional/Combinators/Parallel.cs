using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>How <see cref="Parallel"/> merges its branches' outputs.</summary>
public enum Merge
{
    /// <summary>Concatenate along the last dimension (branches may differ there).</summary>
    Concat,
    /// <summary>Add element-wise (branches must have equal shapes).</summary>
    Sum,
}

/// <summary>
/// Runs every branch on the same input and merges the outputs, by concatenation along the last
/// dimension or by sum. The input gradient is the sum of the branches' input gradients.
/// Parameters are a <see cref="TreeList{T}"/>, one child per branch.
/// </summary>
public sealed class Parallel : Layer
{
    /// <summary>The branches.</summary>
    public ImmutableArray<Layer> Branches { get; }

    /// <summary>The merge rule.</summary>
    public Merge Merge { get; }

    /// <summary>Creates a parallel composition of <paramref name="branches"/> merged by <paramref name="merge"/>.</summary>
    public Parallel(Merge merge, params Layer[] branches)
    {
        if (branches.Length == 0) throw new ArgumentException("Parallel needs at least one branch");
        (Merge, Branches) = (merge, [.. branches]);
    }

    /// <inheritdoc />
    public override string ToString() => $"Parallel({Merge}, {string.Join(", ", Branches)})";

    private Shape Merged(IReadOnlyList<Shape> outs)
    {
        var first = outs[0];
        for (var i = 1; i < outs.Count; i++)
        {
            var ok = Merge == Merge.Sum ? outs[i] == first
                : outs[i].Rank == first.Rank && Enumerable.Range(0, first.Rank - 1).All(a => outs[i][a] == first[a]);
            if (!ok) throw new ShapeMismatchException($"{this}: branch {i} gives {outs[i]} but branch 0 gives {first}");
        }
        return Merge == Merge.Sum ? first : first.With(-1, outs.Sum(o => o[-1]));
    }

    /// <inheritdoc />
    public override Initialized<T> Init<T>(Shape input, Rng rng)
    {
        var inits = new Initialized<T>[Branches.Length];
        for (var i = 0; i < inits.Length; i++)
        {
            try { inits[i] = Branches[i].Init<T>(input, rng.Fold((ulong)i)); }
            catch (ShapeMismatchException e) { throw e.Under(i); }
        }
        return new(new TreeList<T>(inits.Select(x => x.Params).ToArray()), new TreeList<T>(inits.Select(x => x.State).ToArray()),
            Merged(inits.Select(x => x.Output).ToArray()));
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        var p = Expect<TreeList<T>>(parameters);
        var s = Expect<TreeList<T>>(state);
        var fs = new Forward<T>[Branches.Length];
        for (var i = 0; i < fs.Length; i++)
        {
            try { fs[i] = Branches[i].Forward(p.Items[i], s.Items[i], input, context.Child(i)); }
            catch (ShapeMismatchException e) { throw e.Under(i); }
        }
        Merged(fs.Select(f => f.Output.Shape).ToArray());
        var output = Merge == Merge.Sum
            ? fs.Skip(1).Aggregate(fs[0].Output, (acc, f) => acc + f.Output)
            : Tensor.Cat(fs.Select(f => f.Output).ToArray(), -1);
        var widths = fs.Select(f => f.Output.Shape[-1]).ToArray();
        return new(output, new TreeList<T>(fs.Select(f => f.State).ToArray()), (dy, needInput) =>
        {
            var parts = Merge == Merge.Sum ? fs.Select(_ => dy).ToArray() : Tensor.Split(dy, widths, -1);
            var grads = new Tree<T>[fs.Length];
            Tensor<T>? dx = null;
            for (var i = 0; i < fs.Length; i++)
            {
                var g = fs[i].Pullback(parts[i], needInput);
                grads[i] = g.Params;
                if (needInput) dx = dx is null ? g.Input! : dx + g.Input!;
            }
            return new Grads<T>(new TreeList<T>(grads), dx);
        });
    }
}
