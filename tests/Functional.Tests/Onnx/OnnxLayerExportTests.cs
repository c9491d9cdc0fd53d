using static Functional.Nn;

namespace Functional.Tests.Onnx;

/// <summary>Every layer family that exports: ONNX Runtime on the exported model equals our eval-mode forward (float32, 1e-4).</summary>
public sealed class OnnxLayerExportTests
{
    [Fact]
    public void Linear_on_matrices_and_on_sequences()
    {
        OnnxCheck.Matches(Linear(7, 4), Shape.Of(-1, 7));
        OnnxCheck.Matches(Linear(7, 4, bias: false), Shape.Of(-1, 7));
        OnnxCheck.Matches(Linear(5, 3), Shape.Of(-1, 6, 5));
    }

    [Fact]
    public void Activations()
    {
        foreach (var a in new Layer[] { ReLU(), Sigmoid(), Tanh(), LeakyReLU(0.2), Identity() })
            OnnxCheck.Matches(a, Shape.Of(-1, 9));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Softmax_and_LogSoftmax_along_any_dimension(int dim)
    {
        OnnxCheck.Matches(Softmax(dim), Shape.Of(-1, 4, 5));
        OnnxCheck.Matches(LogSoftmax(dim), Shape.Of(-1, 4, 5));
    }

    [Fact]
    public void BatchNorm_uses_the_running_statistics()
    {
        foreach (var (layer, shape) in new (Layer, Shape)[]
                 {
                     (BatchNorm1d(6), Shape.Of(-1, 6)), (BatchNorm1d(4, eps: 1e-3), Shape.Of(-1, 4, 7)),
                     (BatchNorm2d(3), Shape.Of(-1, 3, 5, 5)), (BatchNorm2d(3, affine: false), Shape.Of(-1, 3, 4, 4)),
                 })
        {
            var init = layer.Init<float>(shape, new Rng(3));
            var p = init.Params.Map((_, t) => Tensor.Uniform<float>(new Rng(9), 0.5, 1.5, [.. t.Shape]));
            var x = Tensor.Randn<float>(new Rng(4), [5, .. shape.ToArray()[1..]]);
            OnnxCheck.Matches(layer, p, OnnxCheck.RandomStats(init.State, 11), x);
        }
    }

    [Fact]
    public void Dropout_is_the_identity()
        => OnnxCheck.Matches(Sequential(Linear(4, 4), Dropout(0.5), ReLU()), Shape.Of(-1, 4));

    [Fact]
    public void Conv2d_with_stride_padding_dilation_and_asymmetric_kernels()
    {
        OnnxCheck.Matches(Conv2d(2, 4, 3, padding: 1), Shape.Of(-1, 2, 8, 8));
        OnnxCheck.Matches(Conv2d(2, 3, 3, stride: 2, padding: 1, bias: false), Shape.Of(-1, 2, 9, 7));
        OnnxCheck.Matches(new Conv2d(3, 2, (2, 3), stride: (2, 1), padding: (1, 0), dilation: (1, 2)), Shape.Of(-1, 3, 9, 10));
        OnnxCheck.Matches(Conv2d(1, 2, 1), Shape.Of(-1, 1, 5, 5));
    }

    [Fact]
    public void MaxPool2d_with_padding_dilation_and_ceil_mode()
    {
        OnnxCheck.Matches(MaxPool2d(2), Shape.Of(-1, 2, 8, 8));
        OnnxCheck.Matches(MaxPool2d(3, stride: 2, padding: 1), Shape.Of(-1, 2, 7, 8));
        OnnxCheck.Matches(MaxPool2d(3, stride: 2, ceilMode: true), Shape.Of(-1, 2, 8, 8));
        OnnxCheck.Matches(new MaxPool2d((2, 3), stride: (2, 2), dilation: (2, 1), ceilMode: true), Shape.Of(-1, 1, 9, 9));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public void AvgPool2d_with_ceil_mode_and_count_include_pad(bool ceilMode, bool countIncludePad)
    {
        OnnxCheck.Matches(AvgPool2d(2, ceilMode: ceilMode, countIncludePad: countIncludePad), Shape.Of(-1, 2, 7, 7));
        OnnxCheck.Matches(AvgPool2d(3, stride: 2, padding: 1, ceilMode: ceilMode, countIncludePad: countIncludePad), Shape.Of(-1, 2, 8, 7));
        OnnxCheck.Matches(new AvgPool2d((3, 2), stride: (2, 1), padding: (1, 1), ceilMode: ceilMode, countIncludePad: countIncludePad), Shape.Of(-1, 1, 6, 5));
    }

    [Fact]
    public void AdaptiveAvgPool2d_where_it_is_a_pooling()
    {
        OnnxCheck.Matches(AdaptiveAvgPool2d(1), Shape.Of(-1, 3, 5, 6));
        OnnxCheck.Matches(new AdaptiveAvgPool2d((2, 3)), Shape.Of(-1, 3, 4, 9));
    }

    [Fact]
    public void Flatten_and_Unflatten()
    {
        OnnxCheck.Matches(Flatten(), Shape.Of(-1, 2, 3, 4));
        OnnxCheck.Matches(Flatten(2), Shape.Of(-1, 2, 3, 4));
        OnnxCheck.Matches(Flatten(1, 2), Shape.Of(-1, 2, 3, 4));
        OnnxCheck.Matches(Flatten(0), Shape.Of(-1, 2, 3));
        OnnxCheck.Matches(Unflatten(1, 3, 4), Shape.Of(-1, 12));
        OnnxCheck.Matches(Unflatten(-1, 2, -1), Shape.Of(-1, 5, 6));
    }

    [Fact]
    public void Embedding_is_a_gather()
    {
        var layer = Embedding(10, 4);
        var init = layer.Init<float>(Shape.Of(-1, 5), new Rng(1));
        var ids = Tensor.FromArray(Enumerable.Range(0, 15).Select(i => (float)(i * 7 % 10)).ToArray(), 3, 5);
        OnnxCheck.Matches(layer, init.Params, init.State, ids);
    }

    [Theory]
    [InlineData("rnn")]
    [InlineData("rnn-relu")]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void Recurrent_networks_multi_layer_and_bidirectional(string kind)
    {
        foreach (var (layers, bi, bias) in new[] { (1, false, true), (2, false, true), (1, true, true), (3, true, true), (2, true, false) })
        {
            SequenceLayer net = kind switch
            {
                "rnn" => Rnn(3, 4, layers, bias: bias, bidirectional: bi),
                "rnn-relu" => Rnn(3, 4, layers, RnnNonlinearity.ReLU, bias: bias, bidirectional: bi),
                "lstm" => Lstm(3, 4, layers, bias: bias, dropout: 0.3, bidirectional: bi),
                _ => Gru(3, 4, layers, bias: bias, bidirectional: bi),
            };
            OnnxCheck.Matches(net, Shape.Of(-1, 6, 3), seed: (ulong)layers);
            OnnxCheck.Matches(net.Last(), Shape.Of(-1, 6, 3), seed: (ulong)layers);
            OnnxCheck.Matches(net.LastHidden(), Shape.Of(-1, 6, 3), seed: (ulong)layers);
        }
    }

    [Fact]
    public void Scans_stacks_and_reverse_scans()
    {
        OnnxCheck.Matches(new Scan(new LstmCell(3, 5), reverse: true), Shape.Of(-1, 4, 3));
        OnnxCheck.Matches(new Stack(2, k => new Scan(new GruCell(k == 0 ? 3 : 5, 5))), Shape.Of(-1, 4, 3));
        OnnxCheck.Matches(new Bidirectional(new Scan(new RnnCell(3, 2))).Last(), Shape.Of(-1, 4, 3));
    }

    [Fact]
    public void Combinators()
    {
        OnnxCheck.Matches(Sequential(("a", Linear(4, 6)), ("b", Tanh()), ("c", Linear(6, 2))), Shape.Of(-1, 4));
        OnnxCheck.Matches(Linear(4, 3).Named("head"), Shape.Of(-1, 4));
        OnnxCheck.Matches(Parallel(Merge.Concat, Linear(4, 3), Sequential(Linear(4, 2), ReLU())), Shape.Of(-1, 4));
        OnnxCheck.Matches(Parallel(Merge.Sum, Linear(4, 3), Linear(4, 3), Linear(4, 3)), Shape.Of(-1, 4));
        OnnxCheck.Matches(Residual(Sequential(Linear(5, 5), Tanh())), Shape.Of(-1, 5));
        OnnxCheck.Matches(MapSeq(Sequential(Linear(3, 4), ReLU())), Shape.Of(-1, 6, 3));
        OnnxCheck.Matches(Sequential(Lstm(3, 4, bidirectional: true), MapSeq(Linear(8, 2))), Shape.Of(-1, 5, 3));
    }

    [Fact]
    public void The_batch_dimension_is_dynamic()
    {
        var net = Sequential(Conv2d(1, 2, 3), ReLU(), Flatten(), Linear(2 * 4 * 4, 3), LogSoftmax(-1));
        var init = net.Init<float>(Shape.Of(-1, 1, 6, 6), new Rng(0));
        var bytes = Functional.Onnx.Onnx.ToBytes(net, init.Params, init.State, Shape.Of(7, 1, 6, 6));
        using var ort = new Functional.Cli.Onnx.OrtRunner(bytes);
        foreach (var n in new[] { 1, 2, 9 })
        {
            var x = Tensor.Randn<float>(new Rng((ulong)n), n, 1, 6, 6);
            OnnxCheck.AssertClose(net.Apply(init.Params, init.State, x), ort.Run(x), 1e-4, $"batch {n}");
        }
        var model = OnnxCheck.Parse(bytes);
        Assert.Equal("batch", model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal("batch", model.Graph.Output[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(Functional.Onnx.Onnx.Opset, model.OpsetImport.Single().Version);
    }

    [Fact]
    public void Double_models_run_in_double()
    {
        var net = Sequential(Linear(4, 6), Tanh(), Linear(6, 3), LogSoftmax(-1));
        var init = net.Init<double>(Shape.Of(-1, 4), new Rng(0));
        var x = Tensor.Randn<double>(new Rng(1), 5, 4);
        using var ort = new Functional.Cli.Onnx.OrtRunner(Functional.Onnx.Onnx.ToBytes(net, init.Params, init.State, x.Shape));
        var (e, a) = (net.Apply(init.Params, init.State, x).ToArray(), ort.Run(x).ToArray());
        for (var i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= 1e-12 * (1 + Math.Abs(e[i])), $"{e[i]} vs {a[i]}");
    }
}
