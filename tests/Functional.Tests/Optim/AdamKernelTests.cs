using Functional;

namespace Functional.Tests.Optimization;

/// <summary>The fused SIMD Adam agrees with the plain formula, in float32 and float64, and keeps subnormals out of its state.</summary>
public class AdamKernelTests
{
    private static (double[] U, double[] M, double[] V) Reference(double[] g, double[] m, double[] v, int t, double b1 = 0.9, double b2 = 0.999, double eps = 1e-8)
    {
        var n = g.Length;
        double[] u = new double[n], m2 = new double[n], v2 = new double[n];
        for (var i = 0; i < n; i++)
        {
            m2[i] = m[i] * b1 + (1 - b1) * g[i];
            v2[i] = v[i] * b2 + (1 - b2) * g[i] * g[i];
            u[i] = m2[i] / (Math.Sqrt(v2[i]) / Math.Sqrt(1 - Math.Pow(b2, t)) + eps) / (1 - Math.Pow(b1, t));
        }
        return (u, m2, v2);
    }

    [Theory]
    [InlineData(1)] [InlineData(7)] [InlineData(8)] [InlineData(17)] [InlineData(100)] [InlineData(1001)]
    public void Fused_step_matches_the_formula_for_every_length(int n)
    {
        var rng = new Random(n);
        var g = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        Tree<double> p = new PathTree<double>([("w", Tensor.FromArray(new double[n], n))]);
        var tg = new PathTree<double>([("w", Tensor.FromArray(g, n))]);
        var opt = new ScaleByAdam();
        var (u1, s1) = opt.Update(tg, opt.Init(p), p);
        var (u2, s2) = opt.Update(tg, s1, p);
        var (ru1, rm1, rv1) = Reference(g, new double[n], new double[n], 1);
        var (ru2, rm2, rv2) = Reference(g, rm1, rv1, 2);
        Assert.Equal(ru1, u1.Flatten());
        Assert.Equal(ru2, u2.Flatten());
        var st = (ScaleByAdamState<double>)s2;
        Assert.Equal(rm2, st.Mu.Flatten());
        Assert.Equal(rv2, st.Nu.Flatten());
    }

    [Fact]
    public void Float32_follows_float64()
    {
        var rng = new Random(3);
        var g = Enumerable.Range(0, 50).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        Tree<double> pd = new PathTree<double>([("w", Tensor.FromArray(g.Select(x => -x).ToArray(), 50))]);
        Tree<float> pf = new PathTree<float>([("w", Tensor.FromArray(g.Select(x => (float)-x).ToArray(), 50))]);
        var opt = Optim.AdamW(0.01, amsgrad: true);
        var (sd, sf) = (opt.Init(pd), opt.Init(pf));
        for (var i = 0; i < 20; i++)
        {
            (var ud, sd) = opt.Update(pd.Map(t => t * 2.0), sd, pd);
            (var uf, sf) = opt.Update(pf.Map(t => t * 2f), sf, pf);
            pd = Optim.ApplyUpdates(pd, ud);
            pf = Optim.ApplyUpdates(pf, uf);
        }
        var (a, b) = (pd.Flatten(), pf.Flatten());
        for (var i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 4);
    }

    [Fact]
    public void Moments_decaying_to_nothing_are_flushed_rather_than_left_subnormal()
    {
        Tree<float> p = new PathTree<float>([("w", Tensor.FromArray(new float[37], 37))]);
        var opt = new ScaleByAdam(Beta1: 0.5, Beta2: 0.5);
        var s = opt.Init(p);
        (_, s) = opt.Update(p.Map(t => t + 1e-3f), s, p);
        var zero = p.ZerosLike();
        for (var i = 0; i < 200; i++) (_, s) = opt.Update(zero, s, p);
        var st = (ScaleByAdamState<float>)s;
        Assert.All(st.Mu.Flatten().Concat(st.Nu.Flatten()), x => Assert.True(x == 0 || float.IsNormal(x), $"{x} is subnormal"));
        Assert.All(st.Mu.Flatten(), x => Assert.Equal(0f, x));
    }
}
