namespace Functional.Tests.Spec;

public class ModelSpecTests
{
    private const string Mlp = """
        {"type":"Sequential","layers":[
          {"type":"Linear","in_features":8,"out_features":6},
          {"type":"LeakyReLU","negative_slope":0.2},
          {"type":"Sequential","layers":[{"type":"Linear","in_features":6,"out_features":3,"bias":false},{"type":"Tanh"}]},
          {"type":"LogSoftmax","dim":-1}],
         "mode":"train"}
        """;

    [Fact]
    public void BuildsNestedSequentialWithStateDictNames()
    {
        var net = ModelSpec.Layer(Mlp);
        var seq = Assert.IsType<Sequential>(net);
        Assert.Equal(4, seq.Layers.Length);
        Assert.Equal(0.2, Assert.IsType<LeakyReLU>(seq.Layers[1]).NegativeSlope);
        var init = net.Init<double>(Shape.Of(-1, 8), new Rng(0));
        Assert.Equal(["0.weight", "0.bias", "2.0.weight"], init.Params.Paths());
        Assert.Equal(Shape.Of(-1, 3), init.Output);
    }

    [Theory]
    [InlineData("""{"type":"ReLU","inplace":true}""", typeof(ReLU))]
    [InlineData("""{"type":"Sigmoid"}""", typeof(Sigmoid))]
    [InlineData("""{"type":"Identity","whatever":[1,2]}""", typeof(Identity))]
    [InlineData("""{"type":"Softmax","dim":1}""", typeof(Softmax))]
    [InlineData("""{"type":"Flatten","start_dim":0,"end_dim":-1}""", typeof(Flatten))]
    public void BuildsCoreLayers(string json, Type expected) => Assert.IsType(expected, ModelSpec.Layer(json));

    [Fact]
    public void UnknownTypeIsUnsupportedAndNamesIt()
    {
        var e = Assert.Throws<UnsupportedSpecException>(() => ModelSpec.Layer("""{"type":"Sequential","layers":[{"type":"ReLU"},{"type":"Bogus"}]}"""));
        Assert.Equal("Bogus", e.Type);
        Assert.Contains("layers[1]", e.Message);
    }

    [Fact]
    public void UnreadArgumentIsUnsupportedRatherThanIgnored()
    {
        var e = Assert.Throws<UnsupportedSpecException>(() => ModelSpec.Layer("""{"type":"Linear","in_features":2,"out_features":3,"device":"cuda"}"""));
        Assert.Contains("'device'", e.Message);
        Assert.Throws<UnsupportedSpecException>(() => ModelSpec.Layer("""{"type":"Softmax"}"""));
        Assert.Throws<UnsupportedSpecException>(() => ModelSpec.Loss("""{"type":"BCELoss","weight":[1,2]}"""));
    }

    [Theory]
    [InlineData("""{"type":"Linear","out_features":3}""", "in_features")]
    [InlineData("""{"type":"Linear","in_features":"two","out_features":3}""", "in_features")]
    [InlineData("""{"type":"Linear","in_features":0,"out_features":3}""", "positive")]
    [InlineData("""{"layers":[]}""", "type")]
    [InlineData("""{"type":"Linear",""", "JSON")]
    [InlineData("""{"type":"Sequential","layers":[{"type":"Linear","in_features":2}]}""", "layers[0] (Linear): missing argument 'out_features'")]
    public void MalformedSpecsNameTheFault(string json, string expected)
        => Assert.Contains(expected, Assert.Throws<SpecException>(() => ModelSpec.Layer(json)).Message);

    [Theory]
    [InlineData("""{"type":"MSELoss"}""", typeof(MseLoss), Reduction.Mean)]
    [InlineData("""{"type":"L1Loss","reduction":"sum"}""", typeof(L1Loss), Reduction.Sum)]
    [InlineData("""{"type":"BCEWithLogitsLoss","reduction":"none","weight":null}""", typeof(BceWithLogitsLoss), Reduction.None)]
    [InlineData("""{"type":"NLLLoss","ignore_index":3}""", typeof(NllLoss), Reduction.Mean)]
    [InlineData("""{"type":"CrossEntropyLoss","label_smoothing":0.1,"weight":[1,2,3]}""", typeof(CrossEntropyLoss), Reduction.Mean)]
    public void BuildsLosses(string json, Type type, Reduction reduction)
    {
        var loss = ModelSpec.Loss(json);
        Assert.IsType(type, loss);
        Assert.Equal(reduction, loss.Reduction);
    }

    [Fact]
    public void LossArgumentsReachTheLoss()
    {
        var ce = Assert.IsType<CrossEntropyLoss>(ModelSpec.Loss("""{"type":"CrossEntropyLoss","label_smoothing":0.1,"weight":[1,2,3],"ignore_index":1}"""));
        Assert.Equal(0.1, ce.LabelSmoothing);
        Assert.Equal<double>([1.0, 2.0, 3.0], ce.Weight!.Value);
        Assert.Equal(1, ce.IgnoreIndex);
        Assert.Contains("reduction", Assert.Throws<SpecException>(() => ModelSpec.Loss("""{"type":"MSELoss","reduction":"avg"}""")).Message);
    }

    [Fact]
    public void RegistryListsCoreTypesAndAcceptsNewOnes()
    {
        Assert.Contains("Linear", ModelSpec.LayerTypes);
        Assert.Contains("CrossEntropyLoss", ModelSpec.LossTypes);
        ModelSpec.RegisterLayer("TestOnlyDouble", a => new Linear(a.Int("n"), a.Int("n")));
        Assert.Equal(4, Assert.IsType<Linear>(ModelSpec.Layer("""{"type":"TestOnlyDouble","n":4}""")).In);
    }

    [Fact]
    public void LoadWeightsTakesTensorsByStateDictName()
    {
        var net = ModelSpec.Layer("""{"type":"Sequential","layers":[{"type":"Linear","in_features":2,"out_features":2},{"type":"ReLU"}]}""");
        var w = Tensor.FromArray(new[] { 1.0, 2, 3, 4 }, 2, 2);
        var b = Tensor.FromArray(new[] { 0.5, -10 });
        var model = ModelSpec.LoadWeights(net, Shape.Of(1, 2), new Dictionary<string, Tensor<double>> { ["0.weight"] = w, ["0.bias"] = b });
        var y = net.Forward(model.Params, model.State, Tensor.FromArray(new[] { 1.0, 1 }, 1, 2), Context.Eval).Output;
        Assert.Equal([3.5, 0.0], y.ToArray());

        var extra = Assert.Throws<ArgumentException>(() => ModelSpec.LoadWeights(net, Shape.Of(1, 2),
            new Dictionary<string, Tensor<double>> { ["0.weight"] = w, ["0.bias"] = b, ["1.weight"] = b }));
        Assert.Contains("'1.weight'", extra.Message);
        var missing = Assert.Throws<ArgumentException>(() => ModelSpec.LoadWeights(net, Shape.Of(1, 2), new Dictionary<string, Tensor<double>> { ["0.weight"] = w }));
        Assert.Contains("0.bias", missing.Message);
        var shape = Assert.Throws<ArgumentException>(() => ModelSpec.LoadWeights(net, Shape.Of(1, 2),
            new Dictionary<string, Tensor<double>> { ["0.weight"] = w, ["0.bias"] = w }));
        Assert.Contains("[2, 2]", shape.Message);
    }
}
