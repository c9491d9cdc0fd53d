using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Recurrent;

public class RecurrentNetworkTests
{
    private static Gen<(RecurrentNetwork Net, Tensor<double> X, Rng Seed)> Cases() =>
        from s in Rec.Sequences()
        from kind in Gen.Choose(0, 2)
        from h in Gen.Choose(1, 3)
        from n in Gen.Choose(1, 3)
        from bi in Gen.Elements(false, true)
        from x in Gens.Tensor(s)
        from seed in Gens.Rng()
        select (kind switch
        {
            0 => (RecurrentNetwork)new Rnn(s[2], h, n, bidirectional: bi),
            1 => new Lstm(s[2], h, n, bidirectional: bi),
            _ => new Gru(s[2], h, n, bidirectional: bi),
        }, x, seed);

    [Property(MaxTest = 30)]
    public Property GradientsOfAllOutputsMatchFiniteDifferences()
        => GradientProperty.ForLayer(Cases().Select(c => new LayerCase(new AllOutputs(c.Net), c.X, c.Seed, Context.Eval)));

    /// <summary>Names and shapes from PyTorch 1.13: <c>nn.LSTM(3, 4, num_layers=2, bidirectional=True).state_dict()</c>.</summary>
    [Fact]
    public void LstmParametersHavePyTorchsNamesAndShapes()
    {
        var tree = new Lstm(3, 4, numLayers: 2, bidirectional: true).Init<double>(Shape.Of(-1, 5, 3), new Rng(0)).Params;
        var expected = new (string, int[])[]
        {
            ("weight_ih_l0", [16, 3]), ("weight_hh_l0", [16, 4]), ("bias_ih_l0", [16]), ("bias_hh_l0", [16]),
            ("weight_ih_l0_reverse", [16, 3]), ("weight_hh_l0_reverse", [16, 4]), ("bias_ih_l0_reverse", [16]), ("bias_hh_l0_reverse", [16]),
            ("weight_ih_l1", [16, 8]), ("weight_hh_l1", [16, 4]), ("bias_ih_l1", [16]), ("bias_hh_l1", [16]),
            ("weight_ih_l1_reverse", [16, 8]), ("weight_hh_l1_reverse", [16, 4]), ("bias_ih_l1_reverse", [16]), ("bias_hh_l1_reverse", [16]),
        };
        Assert.Equal(expected.Select(e => e.Item1), tree.Paths());
        Assert.Equal(expected.Select(e => Shape.Of(e.Item2)), tree.Leaves().Select(l => l.Value.Shape));
        Assert.Equal(["weight_ih_l0", "weight_hh_l0"], new Gru(3, 4, bias: false).InitParams<double>(new Rng(0)).Paths());
    }

    [Fact]
    public void OutputsAndReprFollowPyTorch()
    {
        var lstm = new Lstm(28, 16, numLayers: 4, dropout: 0.3, bidirectional: true);
        Assert.Equal("LSTM(28, 16, num_layers=4, batch_first=True, dropout=0.3, bidirectional=True)", lstm.ToString());
        Assert.Equal<string>(["output", "h_n", "c_n"], lstm.OutputNames);
        Assert.Equal<string>(["output", "h_n"], new Gru(2, 2).OutputNames);
        var x = Tensor.Randn<double>(new Rng(1), 3, 5, 28);
        var r = lstm.Run(lstm.InitParams<double>(new Rng(2)), x, Context.Eval);
        Assert.Equal(Shape.Of(3, 5, 32), r.Output.Shape);
        Assert.Equal(Shape.Of(8, 3, 16), r.Final.H.Shape);
        Assert.Equal(Shape.Of(8, 3, 16), r.Final.C!.Shape);
    }

    [Fact]
    public void SpecsBuildTheNetworksAndRejectWhatIsNotSupported()
    {
        var l = ModelSpec.Layer("""{"type":"LSTM","input_size":3,"hidden_size":4,"num_layers":2,"dropout":0.5,"bidirectional":true,"batch_first":true,"proj_size":0}""");
        Assert.Equal("LSTM(3, 4, num_layers=2, batch_first=True, dropout=0.5, bidirectional=True)", l.ToString());
        var r = (Rnn)ModelSpec.Layer("""{"type":"RNN","input_size":3,"hidden_size":4,"nonlinearity":"relu","batch_first":true,"bias":false}""");
        Assert.Equal(RnnNonlinearity.ReLU, r.Nonlinearity);
        Assert.False(r.Bias);
        Assert.IsType<Gru>(ModelSpec.Layer("""{"type":"GRU","input_size":3,"hidden_size":4,"batch_first":true}"""));
        var e = (Embedding)ModelSpec.Layer("""{"type":"Embedding","num_embeddings":10,"embedding_dim":4,"padding_idx":0}""");
        Assert.Equal(0, e.PaddingIdx);
        Assert.Throws<UnsupportedSpecException>(() => ModelSpec.Layer("""{"type":"GRU","input_size":3,"hidden_size":4}"""));
        Assert.Throws<UnsupportedSpecException>(() => ModelSpec.Layer("""{"type":"LSTM","input_size":3,"hidden_size":4,"batch_first":true,"proj_size":2}"""));
        Assert.Throws<SpecException>(() => ModelSpec.Layer("""{"type":"RNN","input_size":3,"hidden_size":4,"batch_first":true,"nonlinearity":"gelu"}"""));
    }

    [Fact]
    public void FloatAndDoubleAgree()
    {
        var gru = new Gru(3, 5, numLayers: 2, bidirectional: true);
        var pd = gru.InitParams<double>(new Rng(3));
        var pf = gru.InitParams<float>(new Rng(3));      // the same draws, rounded to float
        var x = Tensor.Randn<double>(new Rng(4), 2, 6, 3);
        var yd = gru.Run(pd, x, Context.Eval).Output;
        var yf = gru.Run(pf, x.Cast<float>(), Context.Eval).Output;
        TensorAssert.Close(yd, yf.Cast<double>(), 1e-5, "float vs double");
    }
}
