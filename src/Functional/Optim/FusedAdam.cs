using System.Numerics;

namespace Functional;

/// <summary>
/// The training fold's fused optimizer step. A chain that ends in Adam's scaling, optionally AdamW's decoupled decay,
/// and the learning-rate scale (<c>Chain(..., ScaleByAdam, [AddDecayedWeights,] ScaleByLearningRate)</c>, as
/// <see cref="Optim.Adam(double, double, double, double, double, bool)"/> and <see cref="Optim.AdamW(double, double, double, double, double, bool)"/>
/// build it, also nested as the last part of an outer chain) is run as its prefix's transforms, then one pass per
/// tensor that reads <c>g, m, v, p</c> and writes <c>m, v, p</c>. Unfused, the same suffix makes five passes: Adam
/// writes <c>u, m, v</c>, the decay and the scale rewrite <c>u</c>, and <see cref="Optim.ApplyUpdates{T}"/> writes
/// <c>p</c>. Every element is rounded as the unfused transforms round it, in the same order, so the parameters and
/// the state are bit-identical to <c>Optimizer.Update</c> followed by <c>ApplyUpdates</c> (FusedAdamTests). The public
/// transforms stay as they are; only the fold takes this path.
/// </summary>
internal static class FusedAdam
{
    /// <summary>
    /// The next parameters and optimizer state of <c>ApplyUpdates(p, Update(g, state, p))</c> in one pass per tensor,
    /// or false (touching nothing) when <paramref name="optimizer"/> is not a chain this fuses.
    /// </summary>
    public static bool TryStep<T>(GradientTransformation optimizer, Tree<T> grads, OptState state, Tree<T> parameters,
        out Tree<T> nextParams, out OptState nextState) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Fuses<T>(optimizer, state))
        {
            (nextParams, nextState) = (parameters, state);
            return false;
        }
        (nextParams, nextState) = Step((Chain)optimizer, (ChainState)state, grads, parameters);
        return true;
    }

    /// <summary>
    /// Whether the chain ends in a fusable suffix (recursively through a last part that is itself a chain) whose states
    /// have the expected types; otherwise the unfused path runs and reports any mismatch in its own words.
    /// </summary>
    internal static bool Fuses<T>(GradientTransformation optimizer, OptState state) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (optimizer is not Chain c || state is not ChainState s || c.Parts.Length != s.Parts.Length || c.Parts.Length == 0) return false;
        if (c.Parts[^1] is Chain) return Fuses<T>(c.Parts[^1], s.Parts[^1]);
        var suffix = Suffix(c);
        return suffix > 0 && s.Parts[^1] is LearningRateState && s.Parts[^suffix] is ScaleByAdamState<T>;
    }

    /// <summary>The length of the fusable suffix: 2 (Adam, scale), 3 (Adam, decay, scale), or 0.</summary>
    static int Suffix(Chain c)
    {
        var p = c.Parts;
        if (p.Length >= 2 && p[^1] is ScaleByLearningRate && p[^2] is ScaleByAdam) return 2;
        if (p.Length >= 3 && p[^1] is ScaleByLearningRate && p[^2] is AddDecayedWeights && p[^3] is ScaleByAdam) return 3;
        return 0;
    }

    static (Tree<T>, OptState) Step<T>(Chain c, ChainState s, Tree<T> grads, Tree<T> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var nested = c.Parts[^1] is Chain;
        var prefix = nested ? c.Parts.Length - 1 : c.Parts.Length - Suffix(c);
        var next = new OptState[c.Parts.Length];
        var u = grads;
        for (var i = 0; i < prefix; i++) (u, next[i]) = c.Parts[i].Update(u, s.Parts[i], parameters);
        Tree<T> p2;
        if (nested)
            (p2, next[^1]) = Step((Chain)c.Parts[^1], (ChainState)s.Parts[^1], u, parameters);
        else
        {
            var adam = (ScaleByAdam)c.Parts[prefix];
            var decay = c.Parts[^2] as AddDecayedWeights;
            var lr = (ScaleByLearningRate)c.Parts[^1];
            var lrState = (LearningRateState)s.Parts[^1];
            (p2, next[prefix]) = Apply(adam, (ScaleByAdamState<T>)s.Parts[prefix], decay, lrState.Lr, u, parameters);
            if (decay is not null) next[prefix + 1] = s.Parts[prefix + 1];
            next[^1] = lr.Next(lrState);
        }
        return (p2, new ChainState(next));
    }

    // ScaleByAdam.Update's arithmetic, then (decay) p·λ + u, then · -lr, then p + that: one pass.
    static (Tree<T>, OptState) Apply<T>(ScaleByAdam adam, ScaleByAdamState<T> s, AddDecayedWeights? decay, double lr, Tree<T> grads, Tree<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var k = adam.Scalars<T>(s.Count + 1);
        var ams = adam.Amsgrad;
        var leaves = Leafwise.Gather(nameof(ScaleByAdam), grads, s.Mu, s.Nu, s.NuMax ?? s.Nu, parameters);
        var paths = parameters.Leaves();
        var count = leaves[0].Length;
        var (p2, m2, v2, x2) = (new Tensor<T>[count], new Tensor<T>[count], new Tensor<T>[count], new Tensor<T>[count]);
        var (wd, nlr) = (Leafwise.Of<T>(decay?.WeightDecay ?? 0), Leafwise.Of<T>(-lr));
        for (var l = 0; l < count; l++)
        {
            var tail = new AdamKernel.Apply<T>(decay is not null && (decay.Mask is null || decay.Mask(paths[l].Path)), wd, nlr);
            var n = leaves[0][l].Size;
            T[] p = Buffers.Uninitialized<T>(n), m = Buffers.Uninitialized<T>(n), v = Buffers.Uninitialized<T>(n), vmax = ams ? Buffers.Uninitialized<T>(n) : [];
            T[] g = leaves[0][l].data, m0 = leaves[1][l].data, v0 = leaves[2][l].data, vmax0 = ams ? leaves[3][l].data : [], p0 = leaves[4][l].data;
            Work.Ranges(n, (i, len) => AdamKernel.Run<T>(g.AsSpan(i, len), m0.AsSpan(i, len), v0.AsSpan(i, len), ams ? vmax0.AsSpan(i, len) : default,
                p0.AsSpan(i, len), p.AsSpan(i, len), m.AsSpan(i, len), v.AsSpan(i, len), ams ? vmax.AsSpan(i, len) : default, k, tail));
            var shape = leaves[0][l].Shape;
            (p2[l], m2[l], v2[l]) = (new Tensor<T>(shape, p), new Tensor<T>(shape, m), new Tensor<T>(shape, v));
            if (ams) x2[l] = new Tensor<T>(shape, vmax);
        }
        var state = new ScaleByAdamState<T>(s.Count + 1, s.Mu.WithLeaves(m2), s.Nu.WithLeaves(v2), ams ? s.Nu.WithLeaves(x2) : null);
        return (parameters.WithLeaves(p2), state);
    }
}
