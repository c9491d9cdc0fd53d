using System.Numerics;

namespace Functional;

/// <summary>A tree with no leaves: the parameters of ReLU, the state of Linear.</summary>
public sealed record Empty<T> : Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The one empty tree.</summary>
    public static Empty<T> Instance { get; } = new();

    private Empty() { }

    /// <inheritdoc />
    protected override Tree<T> Rebuild(LeafVisitor<T> visit) => this;
}
