using System.Numerics;

namespace Functional;

/// <summary>
/// A splittable, counter-based random key (SplitMix64 mixing). An <see cref="Rng"/> is an immutable
/// value: drawing numbers never changes it, and <see cref="Split()"/> or <see cref="Fold"/> derive
/// independent keys. The same seed gives the same bits on every machine.
/// </summary>
/// <example><code>
/// var rng = new Rng(42);
/// var (a, b) = rng.Split();
/// var x = Tensor.Randn&lt;float&gt;(a, 3, 4);
/// </code></example>
public readonly record struct Rng(ulong Key)
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>The SplitMix64 finalizer: a bijective 64-bit mix.</summary>
    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A key derived from this one and <paramref name="data"/>: distinct data give independent keys.</summary>
    public Rng Fold(ulong data) => new(Mix(Mix(Key ^ Golden) + Mix(data + 0xD1B54A32D192ED03UL)));

    /// <summary>Two independent keys derived from this one.</summary>
    public (Rng, Rng) Split() => (Fold(0), Fold(1));

    /// <summary><paramref name="n"/> independent keys derived from this one.</summary>
    public Rng[] Split(int n)
    {
        var keys = new Rng[n];
        for (var i = 0; i < n; i++) keys[i] = Fold((ulong)i);
        return keys;
    }

    /// <summary>The <paramref name="counter"/>-th 64 random bits of this key.</summary>
    public ulong Bits(ulong counter) => Mix(Key + (counter + 1) * Golden);

    /// <summary>The <paramref name="counter"/>-th uniform double in [0, 1), with 53 random bits.</summary>
    public double Uniform(ulong counter) => (Bits(counter) >> 11) * (1.0 / (1UL << 53));

    /// <summary>The <paramref name="counter"/>-th standard normal draw (Box-Muller on two counters).</summary>
    public double Normal(ulong counter)
    {
        var u1 = 1.0 - Uniform(2 * counter);      // (0, 1]
        var u2 = Uniform(2 * counter + 1);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>The <paramref name="counter"/>-th uniform integer in [0, <paramref name="n"/>), without modulo bias.</summary>
    public int Below(ulong counter, int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "n must be positive");
        return (int)Math.BigMul(Bits(counter), (ulong)n, out _);
    }

    /// <summary>A permutation of 0..n-1 (Fisher-Yates driven by this key).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (var i = 0; i < n; i++) p[i] = i;
        for (var i = n - 1; i > 0; i--)
        {
            var j = Below((ulong)i, i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    /// <inheritdoc />
    public override string ToString() => $"Rng(0x{Key:X16})";
}
