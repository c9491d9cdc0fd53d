using System.Globalization;
using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Functional;

/// <summary>
/// Batch normalization over the channel dimension (dimension 1), as PyTorch's <c>nn.BatchNorm1d</c> and
/// <c>nn.BatchNorm2d</c>: <c>y = (x - mean) / √(var + eps) · weight + bias</c>, with per-channel statistics
/// over the batch and every spatial position. The concrete layers are <see cref="BatchNorm1d"/> and
/// <see cref="BatchNorm2d"/>; they differ only in the input ranks they accept.
/// <list type="bullet">
/// <item>Train mode: normalizes with the batch mean and the biased batch variance, and returns updated
/// running statistics as the new state: <c>running = (1 - m)·running + m·batch</c>, with the unbiased
/// variance (N/(N-1)) in <c>running_var</c>, and <c>num_batches_tracked + 1</c>. With momentum null,
/// <c>m = 1/num_batches_tracked</c> (a cumulative average). The state passed in is never changed.</item>
/// <item>Eval mode: normalizes with the running statistics and returns the state unchanged.</item>
/// <item>Without running statistics (<c>trackRunningStats: false</c>), batch statistics are used in both
/// modes and the state is empty, as PyTorch keeps no buffers then.</item>
/// </list>
/// </summary>
/// <example><code>
/// var bn = Nn.BatchNorm2d(16);
/// var init = bn.Init&lt;float&gt;(Shape.Of(-1, 16, 28, 28), new Rng(0));
/// var train = bn.Forward(init.Params, init.State, x, Context.Train(1));   // train.State: updated statistics
/// var eval = bn.Forward(init.Params, train.State, x, Context.Eval);         // reads the running statistics
/// </code></example>
/// <remarks>Parameters (when affine): <see cref="WeightBias{T}"/>, <c>weight</c> (γ, initialized to 1) and <c>bias</c> (β, initialized to 0),
/// each (C). State (when tracking): <see cref="RunningStats{T}"/>.</remarks>
public abstract class BatchNorm : Layer
{
    /// <summary>The number of channels C.</summary>
    public int NumFeatures { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Eps { get; }

    /// <summary>The weight of the batch statistics in the running update; null for a cumulative average.</summary>
    public double? Momentum { get; }

    /// <summary>Whether the layer has the learnable <c>weight</c> and <c>bias</c>.</summary>
    public bool Affine { get; }

    /// <summary>Whether the layer keeps running statistics (and uses them in eval mode).</summary>
    public bool TrackRunningStats { get; }

    /// <summary>Creates the layer; see <see cref="BatchNorm1d"/> and <see cref="BatchNorm2d"/>.</summary>
    protected BatchNorm(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats)
    {
        if (numFeatures <= 0) throw new ArgumentException($"{GetType().Name}({numFeatures}): the number of features must be positive");
        if (!(eps >= 0)) throw new ArgumentException($"{GetType().Name}({numFeatures}): eps must be non-negative, got {eps}");
        (NumFeatures, Eps, Momentum, Affine, TrackRunningStats) = (numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /// <summary>The ranks whose batch statistics this layer pools (<see cref="SyncBatchNorm"/>); null for this process's batch alone.</summary>
    private protected virtual IDataParallel? SyncGroup => null;

    /// <summary>Whether the layer accepts inputs of rank <paramref name="rank"/>.</summary>
    protected abstract bool AcceptsRank(int rank);

    /// <summary>The accepted input layouts, for error messages, e.g. <c>(N, C) or (N, C, L)</c>.</summary>
    protected abstract string Layout { get; }

    /// <summary>PyTorch's style, with only the options that differ from the defaults: <c>BatchNorm1d(6)</c>, <c>BatchNorm2d(3, affine=false)</c>.</summary>
    public override string ToString()
    {
        var s = $"{GetType().Name}({NumFeatures}";
        if (Eps != 1e-5) s += ", eps=" + Eps.ToString(CultureInfo.InvariantCulture);
        if (Momentum != 0.1) s += ", momentum=" + (Momentum?.ToString(CultureInfo.InvariantCulture) ?? "null");
        if (!Affine) s += ", affine=false";
        if (!TrackRunningStats) s += ", track_running_stats=false";
        return s + ")";
    }

    private void Check(Shape input)
    {
        if (!AcceptsRank(input.Rank))
            throw new ShapeMismatchException($"{this} expects {Layout} input, got shape {input}");
        if (input[1] != NumFeatures)
            throw new ShapeMismatchException($"{this} expects {NumFeatures} channels, got {input[1]} (input shape {input})");
    }

    private void CheckLength<T>(string name, Tensor<T>? t, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (t is null) throw new ArgumentException($"{this}: the parameters have no '{name}'; an affine batch norm needs weight and bias");
        if (t.Size != n) throw new ArgumentException($"{this}: '{name}' must hold {n} values, got shape {t.Shape}");
    }

    /// <summary>Weight 1 and bias 0 (when affine); running mean 0, running variance 1 and count 0 (when tracking).</summary>
    public override Initialized<T> Init<T>(Shape input, Rng rng)
    {
        Check(input);
        var c = NumFeatures;
        var p = Affine ? new WeightBias<T>(Tensor.Ones<T>(c), Tensor.Zeros<T>(c)) : Tree.Empty<T>();
        var s = TrackRunningStats ? new RunningStats<T>(Tensor.Zeros<T>(c), Tensor.Ones<T>(c), Tensor.Scalar(T.Zero)) : Tree.Empty<T>();
        return new(p, s, input);
    }

    /// <inheritdoc />
    public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
    {
        Check(input.Shape);
        var c = NumFeatures;
        var p = Affine ? Expect<WeightBias<T>>(parameters) : null;
        if (p is not null) { CheckLength("weight", p.Weight, c); CheckLength("bias", p.Bias, c); }
        var stats = TrackRunningStats ? Expect<RunningStats<T>>(state) : null;
        if (stats is not null)
        {
            CheckLength("running_mean", stats.RunningMean, c);
            CheckLength("running_var", stats.RunningVar, c);
            CheckLength("num_batches_tracked", stats.NumBatchesTracked, 1);
        }

        var ch = Channels.Of(input.Shape);
        var gamma = p?.Weight.data ?? Filled(c, T.One);
        var beta = p?.Bias!.data ?? Buffers.New<T>(c);
        var ones = Filled(c, T.One);
        var eps = T.CreateTruncating(Eps);
        var batch = context.IsTraining || stats is null;
        var m = ch.PerChannel;
        var group = batch && SyncGroup is { Size: > 1 } g ? g : null;
        var total = m;
        var y = Buffers.New<T>(input.Size);
        T[] negMean, invstd;
        var next = state;
        if (batch)
        {
            negMean = ch.SumDot(input.data, []).Sum;
            // Synced: the sums and the count over every rank's batch, then the centred sum of squares likewise.
            if (group is not null) (negMean, total) = Pool(group, negMean, m);
            if (total <= 1) throw new ArgumentException($"{this} expects more than 1 value per channel when training, got input shape {input.Shape}");
            TP.Divide(negMean, -T.CreateTruncating(total), negMean);
            ch.Affine(input.data, ones, negMean, y);                            // y = x - mean
            var variance = ch.SumDot<T>(y, y, withSum: false).Dot;
            if (group is not null) variance = Pool(group, variance, 0).Sums;
            TP.Divide(variance, T.CreateTruncating(total), variance);        // biased
            invstd = InvStd(variance, eps);
            ch.Affine(y, Mul(gamma, invstd), beta, y);
            if (context.IsTraining && stats is not null) next = Update(stats, negMean, variance, total);
        }
        else
        {
            negMean = Buffers.New<T>(c);
            TP.Negate(stats!.RunningMean.Span, negMean);
            invstd = InvStd(stats.RunningVar.Span, eps);
            var alpha = Mul(gamma, invstd);
            var shift = Buffers.New<T>(c);
            TP.MultiplyAdd(negMean, alpha, beta, shift);
            ch.Affine(input.data, alpha, shift, y);                              // y = x·α + (β - mean·α)
        }
        var output = new Tensor<T>(input.Shape, y);

        return new(output, next, (dy, needInput) =>
        {
            if (dy.Shape != input.Shape)
                throw new ShapeMismatchException($"{this}: the output gradient has shape {dy.Shape}, but the output has shape {input.Shape}");
            if (p is null && !needInput) return new Grads<T>(parameters, null);
            var k = Mul(gamma, invstd);
            T[] xc = [], sdy = [], dotp = [];
            if (p is not null || batch)
            {
                xc = Buffers.New<T>(input.Size);
                ch.Affine(input.data, ones, negMean, xc);                      // x - mean
                (sdy, dotp) = ch.SumDot(dy.data, xc);                  // Σ dy, Σ dy·(x - mean)
            }
            Tree<T> dp = p is null ? parameters
                : new WeightBias<T>(new Tensor<T>(p.Weight.Shape, Mul(dotp, invstd)), new Tensor<T>(p.Bias!.Shape, sdy));
            if (!needInput) return new Grads<T>(dp, null);
            if (batch)
            {
                // dx = k·(dy - Σdy/M - x̂·Σ(dy·x̂)/M), with x̂ = (x - mean)·invstd and k = γ·invstd.
                var mt = T.CreateTruncating(total);
                if (group is not null)
                {
                    // Each rank's dy is the gradient of its own mean loss, c = m·size/M times the global one's share; the
                    // sums are pooled on the common scale and brought back to this rank's, so that the trainer's weighting
                    // (times c) and the mean across ranks give the whole batch's gradient. The parameter gradients stay local.
                    var scale = (double)m * group.Size / total;
                    var pooled = group.Sum([.. sdy.Select(v => double.CreateChecked(v) * scale), .. dotp.Select(v => double.CreateChecked(v) * scale)]);
                    sdy = Buffers.New<T>(c);
                    dotp = Buffers.New<T>(c);
                    for (var j = 0; j < c; j++) (sdy[j], dotp[j]) = (T.CreateChecked(pooled[j] / scale), T.CreateChecked(pooled[c + j] / scale));
                }
                var b = Buffers.New<T>(c);
                var d = Buffers.New<T>(c);
                for (var j = 0; j < c; j++)
                {
                    b[j] = -k[j] * invstd[j] * invstd[j] * dotp[j] / mt;
                    d[j] = -k[j] * sdy[j] / mt;
                }
                ch.Affine(xc, b, d, xc);
                ch.AddScaled(dy.data, k, xc);
            }
            else
            {
                xc = Buffers.New<T>(input.Size);
                ch.Affine(dy.data, k, Buffers.New<T>(c), xc);                     // dx = dy·γ·invstd_running
            }
            return new Grads<T>(dp, new Tensor<T>(input.Shape, xc));
        });
    }

    private RunningStats<T> Update<T>(RunningStats<T> s, T[] negMean, T[] variance, int m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var count = s.NumBatchesTracked.Span[0] + T.One;
        var f = Momentum is double mom ? T.CreateTruncating(mom) : T.One / count;
        var keep = T.One - f;
        var c = NumFeatures;
        var mean = Buffers.New<T>(c);
        var vr = Buffers.New<T>(c);
        var correction = T.CreateTruncating(m) / T.CreateTruncating(m - 1);
        for (var j = 0; j < c; j++)
        {
            mean[j] = keep * s.RunningMean.Span[j] - f * negMean[j];
            vr[j] = keep * s.RunningVar.Span[j] + f * (variance[j] * correction);
        }
        return new RunningStats<T>(new Tensor<T>(s.RunningMean.Shape, mean), new Tensor<T>(s.RunningVar.Shape, vr),
            new Tensor<T>(s.NumBatchesTracked.Shape, [count]));
    }

    // The element-wise sums of a per-channel vector over the group's ranks, and of the per-rank counts.
    private static (T[] Sums, int Count) Pool<T>(IDataParallel group, T[] local, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var pooled = group.Sum([.. local.Select(double.CreateChecked), count]);
        var sums = Buffers.New<T>(local.Length);
        for (var j = 0; j < sums.Length; j++) sums[j] = T.CreateChecked(pooled[j]);
        return (sums, (int)pooled[^1]);
    }

    private static T[] InvStd<T>(ReadOnlySpan<T> variance, T eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = Buffers.New<T>(variance.Length);
        for (var j = 0; j < r.Length; j++) r[j] = T.One / T.Sqrt(variance[j] + eps);
        return r;
    }

    private static T[] Mul<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = Buffers.New<T>(a.Length);
        TP.Multiply(a, b, r);
        return r;
    }

    private static T[] Filled<T>(int n, T value) where T : unmanaged
    {
        var r = Buffers.New<T>(n);
        Array.Fill(r, value);
        return r;
    }
}
