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
    protected override Tree<T> Rebuild(LeafVisitor<T> visit)
        => new CellParams<T>(visit.Leaf("weight_ih" + Suffix, WeightIh), visit.Leaf("weight_hh" + Suffix, WeightHh),
            visit.OptionalLeaf("bias_ih" + Suffix, BiasIh), visit.OptionalLeaf("bias_hh" + Suffix, BiasHh), Suffix);
}
