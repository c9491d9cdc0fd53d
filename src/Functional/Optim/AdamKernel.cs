using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Functional;

/// <summary>
/// The fused Adam step: one pass over a tensor reads g, m, v (and the AMSGrad maximum) and writes the update and
/// the new moments, with Vector512 (or Vector256) lanes and the same arithmetic, in the same order, in the tail.
/// With <see cref="Apply{T}"/> (the training fold's fused chain, <see cref="FusedAdam"/>), the same pass also reads
/// the parameters and writes <c>p + ((p·λ + u)·(-lr))</c> in place of the update: AdamW's decoupled decay, the
/// learning-rate scale and <c>ApplyUpdates</c>, each rounded exactly as its own transform rounds it.
/// </summary>
internal static class AdamKernel
{
    /// <summary>The step's scalars: β1, 1-β1, β2, 1-β2, 1-β1^t, √(1-β2^t), eps.</summary>
    public readonly record struct Scalars<T>(T B1, T OneMinusB1, T B2, T OneMinusB2, T Bc1, T Bc2Sqrt, T Eps);

    /// <summary>
    /// What the fused pass does after Adam's update <c>u</c>: adds <c>p·Wd</c> when <paramref name="Decay"/>, multiplies
    /// by <paramref name="NegLr"/> and adds <c>p</c>.
    /// </summary>
    public readonly record struct Apply<T>(bool Decay, T Wd, T NegLr);

    private static T Tiny<T>() where T : IFloatingPointIeee754<T>
        => typeof(T) == typeof(float) ? T.CreateChecked(1.1754943508222875e-38) : T.CreateChecked(2.2250738585072014e-308);

    /// <summary>The Adam step alone: writes the update into <paramref name="u"/>.</summary>
    public static void Run<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> m, ReadOnlySpan<T> v, ReadOnlySpan<T> vmax,
        Span<T> u, Span<T> m2, Span<T> v2, Span<T> vmax2, Scalars<T> k) where T : unmanaged, IFloatingPointIeee754<T>
        => Run(g, m, v, vmax, default, u, m2, v2, vmax2, k, null);

    /// <summary>
    /// The Adam step with its application: reads the parameters <paramref name="p"/> and writes the next ones into
    /// <paramref name="p2"/> (see <see cref="Apply{T}"/>).
    /// </summary>
    public static void Run<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> m, ReadOnlySpan<T> v, ReadOnlySpan<T> vmax, ReadOnlySpan<T> p,
        Span<T> p2, Span<T> m2, Span<T> v2, Span<T> vmax2, Scalars<T> k, Apply<T> apply) where T : unmanaged, IFloatingPointIeee754<T>
        => Run(g, m, v, vmax, p, p2, m2, v2, vmax2, k, (Apply<T>?)apply);

    private static void Run<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> m, ReadOnlySpan<T> v, ReadOnlySpan<T> vmax, ReadOnlySpan<T> p,
        Span<T> u, Span<T> m2, Span<T> v2, Span<T> vmax2, Scalars<T> k, Apply<T>? tail) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fused = tail.HasValue;
        var (decay, wd, nlr) = tail is { } a ? (a.Decay, a.Wd, a.NegLr) : (false, T.Zero, T.Zero);
        ref var pr = ref MemoryMarshal.GetReference(p);
        var ams = vmax2.Length > 0;
        var tiny = Tiny<T>();
        var i = 0;
        var n = g.Length;
        ref var gr = ref MemoryMarshal.GetReference(g);
        ref var mr = ref MemoryMarshal.GetReference(m);
        ref var vr = ref MemoryMarshal.GetReference(v);
        ref var xr = ref MemoryMarshal.GetReference(vmax);
        ref var ur = ref MemoryMarshal.GetReference(u);
        ref var m2r = ref MemoryMarshal.GetReference(m2);
        ref var v2r = ref MemoryMarshal.GetReference(v2);
        ref var x2r = ref MemoryMarshal.GetReference(vmax2);
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            var (b1, c1, b2, c2, bc1, bc2, eps, t) = (Vector512.Create(k.B1), Vector512.Create(k.OneMinusB1), Vector512.Create(k.B2),
                Vector512.Create(k.OneMinusB2), Vector512.Create(k.Bc1), Vector512.Create(k.Bc2Sqrt), Vector512.Create(k.Eps), Vector512.Create(tiny));
            var (wdv, nlrv) = (Vector512.Create(wd), Vector512.Create(nlr));
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var ui = (nuint)i;
                var gv = Vector512.LoadUnsafe(ref gr, ui);
                var mv = Vector512.LoadUnsafe(ref mr, ui) * b1 + c1 * gv;
                var vv = Vector512.LoadUnsafe(ref vr, ui) * b2 + c2 * gv * gv;
                mv = Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(mv), t), Vector512<T>.Zero, mv);
                vv = Vector512.ConditionalSelect(Vector512.LessThan(vv, t), Vector512<T>.Zero, vv);
                mv.StoreUnsafe(ref m2r, ui);
                vv.StoreUnsafe(ref v2r, ui);
                if (ams) { vv = Vector512.Max(Vector512.LoadUnsafe(ref xr, ui), vv); vv.StoreUnsafe(ref x2r, ui); }
                var uv = mv / (Vector512.Sqrt(vv) / bc2 + eps) / bc1;
                if (fused)
                {
                    var pv = Vector512.LoadUnsafe(ref pr, ui);
                    if (decay) uv = pv * wdv + uv;
                    uv = pv + uv * nlrv;
                }
                uv.StoreUnsafe(ref ur, ui);
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            var (b1, c1, b2, c2, bc1, bc2, eps, t) = (Vector256.Create(k.B1), Vector256.Create(k.OneMinusB1), Vector256.Create(k.B2),
                Vector256.Create(k.OneMinusB2), Vector256.Create(k.Bc1), Vector256.Create(k.Bc2Sqrt), Vector256.Create(k.Eps), Vector256.Create(tiny));
            var (wdv, nlrv) = (Vector256.Create(wd), Vector256.Create(nlr));
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var ui = (nuint)i;
                var gv = Vector256.LoadUnsafe(ref gr, ui);
                var mv = Vector256.LoadUnsafe(ref mr, ui) * b1 + c1 * gv;
                var vv = Vector256.LoadUnsafe(ref vr, ui) * b2 + c2 * gv * gv;
                mv = Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(mv), t), Vector256<T>.Zero, mv);
                vv = Vector256.ConditionalSelect(Vector256.LessThan(vv, t), Vector256<T>.Zero, vv);
                mv.StoreUnsafe(ref m2r, ui);
                vv.StoreUnsafe(ref v2r, ui);
                if (ams) { vv = Vector256.Max(Vector256.LoadUnsafe(ref xr, ui), vv); vv.StoreUnsafe(ref x2r, ui); }
                var uv = mv / (Vector256.Sqrt(vv) / bc2 + eps) / bc1;
                if (fused)
                {
                    var pv = Vector256.LoadUnsafe(ref pr, ui);
                    if (decay) uv = pv * wdv + uv;
                    uv = pv + uv * nlrv;
                }
                uv.StoreUnsafe(ref ur, ui);
            }
        }
        for (; i < n; i++)
        {
            var mi = m[i] * k.B1 + k.OneMinusB1 * g[i];
            var vi = v[i] * k.B2 + k.OneMinusB2 * g[i] * g[i];
            if (T.Abs(mi) < tiny) mi = T.Zero;
            if (vi < tiny) vi = T.Zero;
            m2[i] = mi;
            v2[i] = vi;
            if (ams) { vi = T.Max(vmax[i], vi); vmax2[i] = vi; }
            var ui = mi / (T.Sqrt(vi) / k.Bc2Sqrt + k.Eps) / k.Bc1;
            if (fused)
            {
                if (decay) ui = p[i] * wd + ui;
                ui = p[i] + ui * nlr;
            }
            u[i] = ui;
        }
    }
}
