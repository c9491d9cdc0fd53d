namespace Functional;

/// <summary>Spec builders for the core layers: <c>Sequential</c>, <c>Linear</c>, activations, <c>Flatten</c>, <c>Identity</c>.</summary>
internal static class CoreLayerSpecs
{
    [LayerSpec("Sequential")]
    private static Layer Sequential(SpecArgs a)
        => new Sequential(ModelSpec.ValidateAll(a.List("layers").Select(c => ModelSpec.Validate(() => ModelSpec.Layer(c)))).ToArray());

    [LayerSpec("Linear")]
    private static Layer Linear(SpecArgs a) => new Linear(a.Int("in_features"), a.Int("out_features"), a.Bool("bias", true));

    [LayerSpec("Identity")]
    private static Layer Identity(SpecArgs a) { a.ReadAll(); return new Identity(); }

    // inplace changes nothing in a pure function, so it is accepted and ignored.
    [LayerSpec("ReLU")]
    private static Layer ReLU(SpecArgs a) { a.Bool("inplace", false); return new ReLU(); }

    [LayerSpec("LeakyReLU")]
    private static Layer LeakyReLU(SpecArgs a) { a.Bool("inplace", false); return new LeakyReLU(a.Double("negative_slope", 0.01)); }

    [LayerSpec("Sigmoid")]
    private static Layer Sigmoid(SpecArgs a) => new Sigmoid();

    [LayerSpec("Tanh")]
    private static Layer Tanh(SpecArgs a) => new Tanh();

    [LayerSpec("Softmax")]
    private static Layer Softmax(SpecArgs a) => new Softmax(Dim(a));

    [LayerSpec("LogSoftmax")]
    private static Layer LogSoftmax(SpecArgs a) => new LogSoftmax(Dim(a));

    [LayerSpec("Flatten")]
    private static Layer Flatten(SpecArgs a) => new Flatten(a.Int("start_dim", 1), a.Int("end_dim", -1));

    /// <summary>PyTorch's dim=None picks a dimension from the input's rank (deprecated); only an explicit dim is supported.</summary>
    private static int Dim(SpecArgs a) => a.Has("dim") ? a.Int("dim") : throw a.Unsupported("an implicit dim (dim=None)");
}
