using System.Collections.Immutable;

namespace Functional;

/// <summary>
/// Element-wise equality and hashing of <see cref="ImmutableArray{T}"/>s, whose own <c>Equals</c> compares the
/// underlying array by reference. Records holding such arrays call these from their <c>Equals</c> and
/// <c>GetHashCode</c>, so two records with equal contents are equal.
/// </summary>
internal static class Structural
{
    /// <summary>True when both arrays hold equal elements in the same order (two default arrays are equal).</summary>
    public static bool Equal<T>(ImmutableArray<T> a, ImmutableArray<T> b)
    {
        if (a.IsDefault || b.IsDefault) return a.IsDefault == b.IsDefault;
        if (a.Length != b.Length) return false;
        var eq = EqualityComparer<T>.Default;
        for (var i = 0; i < a.Length; i++)
            if (!eq.Equals(a[i], b[i])) return false;
        return true;
    }

    /// <summary><see cref="Equal{T}(ImmutableArray{T}, ImmutableArray{T})"/> for optional arrays: both absent, or both present and equal.</summary>
    public static bool Equal<T>(ImmutableArray<T>? a, ImmutableArray<T>? b)
        => a is { } x ? b is { } y && Equal(x, y) : b is null;

    /// <summary>A hash of the elements, consistent with <see cref="Equal{T}(ImmutableArray{T}, ImmutableArray{T})"/>.</summary>
    public static int Hash<T>(ImmutableArray<T> a)
    {
        if (a.IsDefault) return 0;
        var h = new HashCode();
        h.Add(a.Length);
        foreach (var x in a) h.Add(x);
        return h.ToHashCode();
    }

    /// <summary>A hash of an optional array (0 when absent).</summary>
    public static int Hash<T>(ImmutableArray<T>? a) => a is { } x ? Hash(x) : 0;
}
