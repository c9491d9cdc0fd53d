using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// The parameters of one recurrent cell (one layer, one direction), under PyTorch's names:
/// <c>weight_ih{Suffix}</c> (gates·hidden, in), <c>weight_hh{Suffix}</c> (gates·hidden, hidden),
/// <c>bias_ih{Suffix}</c> and <c>bias_hh{Suffix}</c> (gates·hidden). The suffix is empty for a lone cell
/// (as <c>nn.LSTMCell</c>), <c>_l0</c> for the first layer of a network and <c>_l1_reverse</c> for the backward
/// direction of the second, so a network's tree has exactly PyTorch's state-dict names.
/// </summary>
/// <param name="WeightIh">The input-to-hidden weights, gates stacked in PyTorch's order.</param>
/// <param name="WeightHh">The hidden-to-hidden weights.</param>
/// <param name="BiasIh">The input-to-hidden bias, or null for a cell without bias.</param>
/// <param name="BiasHh">The hidden-to-hidden bias, or null for a cell without bias.</param>
/// <param name="Suffix">Appended to every leaf name, e.g. <c>_l0_reverse</c>.</param>
public sealed record CellParams<T>(Tensor<T> WeightIh, Tensor<T> WeightHh, Tensor<T>? BiasIh, Tensor<T>? BiasHh, string Suffix = "")
    : Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override IEnumerable<(string Path, Tensor<T> Value)> Leaves()
    {
        yield return ("weight_ih" + Suffix, WeightIh);
        yield return ("weight_hh" + Suffix, WeightHh);
        if (BiasIh is not null) yield return ("bias_ih" + Suffix, BiasIh);
        if (BiasHh is not null) yield return ("bias_hh" + Suffix, BiasHh);
    }

    /// <inheritdoc />
    public override Tree<T> Map(Func<string, Tensor<T>, Tensor<T>> f)
        => new CellParams<T>(f("weight_ih" + Suffix, WeightIh), f("weight_hh" + Suffix, WeightHh),
            BiasIh is null ? null : f("bias_ih" + Suffix, BiasIh), BiasHh is null ? null : f("bias_hh" + Suffix, BiasHh), Suffix);
}

/// <summary>
/// Parameters of a recurrent network made of parts whose leaves are already named (cells with suffixes,
/// or other such lists): the leaves are the parts' leaves in order, without any prefix, so a two-layer
/// bidirectional LSTM's tree reads <c>weight_ih_l0, ..., bias_hh_l0_reverse, weight_ih_l1, ...</c> as PyTorch's.
/// </summary>
/// <param name="Parts">The parts, e.g. the forward and backward cells, or the layers of a stack.</param>
public sealed record RecurrentParams<T>(ImmutableArray<Tree<T>> Parts) : Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Parameters made of a copy of <paramref name="parts"/>.</summary>
    public RecurrentParams(IEnumerable<Tree<T>> parts) : this(parts.ToImmutableArray()) { }

    /// <summary>Part <paramref name="i"/>.</summary>
    public Tree<T> this[int i] => Parts[i];

    /// <inheritdoc />
    public override IEnumerable<(string Path, Tensor<T> Value)> Leaves() => Parts.SelectMany(p => p.Leaves());

    /// <inheritdoc />
    public override Tree<T> Map(Func<string, Tensor<T>, Tensor<T>> f) => new RecurrentParams<T>(Parts.Select(p => p.Map(f)).ToArray());

    /// <summary>Structural equality: the same parts, by reference, in the same order.</summary>
    public bool Equals(RecurrentParams<T>? other) => other is not null && Structural.Equal(Parts, other.Parts);

    /// <inheritdoc />
    public override int GetHashCode() => Parts.Length;
}
