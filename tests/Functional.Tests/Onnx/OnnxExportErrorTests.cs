using Functional.Onnx;
using Functional.Tests.Conformance;
using static Functional.Nn;

namespace Functional.Tests.Onnx;

/// <summary>What does not export fails with one error naming the layer and its position; state-dict names become initializer names; files are written atomically.</summary>
public sealed class OnnxExportErrorTests
{
    /// <summary>A layer ONNX has no counterpart for.</summary>
    private sealed class Square : Activation
    {
        public override string ToString() => "Square()";

        public override Forward<T> Forward<T>(Tree<T> parameters, Tree<T> state, Tensor<T> input, Context context)
            => Stateless(input * input, state, dy => dy * input * Tensor.Scalar(T.CreateTruncating(2)));
    }

    private static OnnxExportException Fails(Layer layer, Shape input)
    {
        var init = layer.Init<float>(input, new Rng(0));
        return Assert.Throws<OnnxExportException>(() => Functional.Onnx.Onnx.ToBytes(layer, init.Params, init.State, input));
    }

    [Fact]
    public void An_unknown_layer_is_named_with_its_position()
    {
        var e = Fails(Sequential(("features", Sequential(Linear(4, 4), new Square())), ("head", Linear(4, 2))), Shape.Of(-1, 4));
        Assert.Equal("features.1", e.Position);
        Assert.Equal("Square()", e.Layer);
        Assert.Equal("cannot export layer features.1 Square() to ONNX: ONNX has no counterpart for Square", e.Message);
    }

    [Fact]
    public void Inexpressible_settings_say_why()
    {
        Assert.Contains("divisor", Fails(new AvgPool2d(2, divisorOverride: 3), Shape.Of(-1, 1, 4, 4)).Reason);
        Assert.Contains("track_running_stats", Fails(Sequential(Linear(3, 3), BatchNorm1d(3, trackRunningStats: false)), Shape.Of(-1, 3)).Reason);
        var adaptive = Fails(Sequential(Conv2d(1, 1, 1), AdaptiveAvgPool2d(3)), Shape.Of(-1, 1, 4, 4));
        Assert.Equal("1", adaptive.Position);
        Assert.Contains("not a multiple", adaptive.Reason);
    }

    [Fact]
    public void Weights_are_initializers_under_their_state_dict_names()
    {
        var net = Sequential(("rnn", Lstm(3, 4, 2, bidirectional: true).Last()),
            ("layers", Sequential(ReLU(), BatchNorm1d(8), Linear(8, 2))));
        var init = net.Init<float>(Shape.Of(-1, 5, 3), new Rng(0));
        var model = OnnxCheck.Parse(Functional.Onnx.Onnx.ToBytes(net, init.Params, init.State, Shape.Of(-1, 5, 3)));
        var names = model.Graph.Initializer.Select(t => t.Name).ToHashSet();
        var leaves = init.Params.Leaves().Concat(init.State.Leaves()).Select(l => l.Path).Where(p => !p.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList();
        Assert.Contains("rnn.weight_ih_l1_reverse", leaves);
        Assert.All(leaves, l => Assert.Contains(l, names));
        var w = model.Graph.Initializer.Single(t => t.Name == "layers.2.weight");
        Assert.Equal(new long[] { 2, 8 }, w.Dims);
    }

    [Fact]
    public void Export_writes_atomically_and_leaves_nothing_on_failure()
    {
        using var dir = new TempDir();
        var net = Sequential(Linear(3, 2), new Square());
        var init = net.Init<float>(Shape.Of(-1, 3), new Rng(0));
        var path = dir.File("m.onnx");
        Assert.Throws<OnnxExportException>(() => Functional.Onnx.Onnx.Export(net, init.Params, init.State, Shape.Of(-1, 3), path));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));

        var good = Linear(3, 2);
        var g = good.Init<float>(Shape.Of(-1, 3), new Rng(0));
        var missing = Path.Combine(dir.Path, "no-such-dir", "m.onnx");
        var e = Assert.Throws<IOException>(() => Functional.Onnx.Onnx.Export(good, g.Params, g.State, Shape.Of(-1, 3), missing));
        Assert.Contains(missing, e.Message);
        Assert.Throws<IOException>(() => Functional.Onnx.Onnx.Export(good, g.Params, g.State, Shape.Of(-1, 3), dir.Path));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));

        Functional.Onnx.Onnx.Export(good, g.Params, g.State, Shape.Of(-1, 3), path);
        Assert.Equal([path], Directory.GetFileSystemEntries(dir.Path));
        Assert.Equal(Functional.Onnx.Onnx.ToBytes(good, g.Params, g.State, Shape.Of(-1, 3)), File.ReadAllBytes(path));
    }
}
