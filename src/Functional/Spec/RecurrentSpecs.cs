namespace Functional;

/// <summary>
/// Spec builders for <c>RNN</c>, <c>LSTM</c>, <c>GRU</c> and <c>Embedding</c>, with PyTorch's keyword arguments.
/// <c>batch_first</c> must be true (the library is batch-first throughout) and <c>proj_size</c> 0.
/// </summary>
internal static class RecurrentSpecs
{
    [LayerSpec("RNN")]
    private static Layer Rnn(SpecArgs a)
    {
        var (input, hidden, layers, bias, dropout, bi) = Common(a);
        var nl = a.String("nonlinearity", "tanh") switch
        {
            "tanh" => RnnNonlinearity.Tanh,
            "relu" => RnnNonlinearity.ReLU,
            var n => throw new SpecException($"{a}: nonlinearity must be 'tanh' or 'relu', got '{n}'"),
        };
        return new Rnn(input, hidden, layers, nl, bias, dropout, bi);
    }

    [LayerSpec("LSTM")]
    private static Layer Lstm(SpecArgs a)
    {
        var (input, hidden, layers, bias, dropout, bi) = Common(a);
        if (a.Int("proj_size", 0) != 0) throw a.Unsupported("proj_size other than 0");
        return new Lstm(input, hidden, layers, bias, dropout, bi);
    }

    [LayerSpec("GRU")]
    private static Layer Gru(SpecArgs a)
    {
        var (input, hidden, layers, bias, dropout, bi) = Common(a);
        return new Gru(input, hidden, layers, bias, dropout, bi);
    }

    // max_norm, norm_type, scale_grad_by_freq and sparse change the lookup or its gradient; they are rejected unless absent.
    [LayerSpec("Embedding")]
    private static Layer Embedding(SpecArgs a)
    {
        foreach (var k in new[] { "max_norm" })
            if (a.Has(k)) throw a.Unsupported($"argument '{k}'"); else a.String(k, "");
        if (a.Bool("scale_grad_by_freq", false)) throw a.Unsupported("scale_grad_by_freq=True");
        if (a.Bool("sparse", false)) throw a.Unsupported("sparse=True");
        a.Double("norm_type", 2.0);
        int? padding = a.Has("padding_idx") ? a.Int("padding_idx") : null;
        if (padding is null) a.String("padding_idx", "");
        return new Embedding(a.Int("num_embeddings"), a.Int("embedding_dim"), padding);
    }

    private static (int Input, int Hidden, int Layers, bool Bias, double Dropout, bool Bidirectional) Common(SpecArgs a)
    {
        if (!a.Bool("batch_first", false)) throw a.Unsupported("batch_first=False (recurrent layers here are batch-first; pass batch_first=True)");
        return (a.Int("input_size"), a.Int("hidden_size"), a.Int("num_layers", 1), a.Bool("bias", true), a.Double("dropout", 0), a.Bool("bidirectional", false));
    }
}
