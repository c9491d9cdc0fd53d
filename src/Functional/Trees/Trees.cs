using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>Helpers shared by the composite tree records.</summary>
internal static class Trees
{
    /// <summary>
    /// Visits <paramref name="children"/> under <paramref name="names"/> (no prefix when null) and returns the rebuilt
    /// children: the same array when every child came back unchanged (a read-only walk), so reading allocates nothing.
    /// </summary>
    public static ImmutableArray<Tree<T>> RebuildAll<T>(ImmutableArray<Tree<T>> children, ImmutableArray<string>? names, LeafVisitor<T> visit)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ImmutableArray<Tree<T>>.Builder? changed = null;
        for (var i = 0; i < children.Length; i++)
        {
            var c = visit.Child(names is { } n ? n[i] : "", children[i]);
            if (changed is null && !ReferenceEquals(c, children[i]))
            {
                changed = ImmutableArray.CreateBuilder<Tree<T>>(children.Length);
                for (var j = 0; j < i; j++) changed.Add(children[j]);
            }
            changed?.Add(c);
        }
        return changed is null ? children : changed.MoveToImmutable();
    }
}
