namespace Functional.Conformance;

/// <summary>
/// A recurrent module case with an initial state: PyTorch's <c>rnn(input, h_0)</c> and <c>lstm(input, (h_0, c_0))</c>,
/// stored as <c>input/1</c> (and <c>input/2</c>), each (num_layers·directions, batch, hidden). Kept apart from
/// <see cref="ModuleCaseHandler"/> so that the one place speaking the recurrent call protocol is this function.
/// </summary>
internal static class RecurrentInitialState
{
    /// <summary>
    /// Runs <paramref name="layer"/> on <paramref name="input"/> from the initial state <paramref name="initial"/>
    /// (<c>[h_0]</c> for RNN and GRU, <c>[h_0, c_0]</c> for LSTM). The pullback's input gradients are
    /// <c>[d input, d h_0]</c> or <c>[d input, d h_0, d c_0]</c>; <paramref name="state"/> (empty for these layers) passes through.
    /// </summary>
    /// <exception cref="ArgumentException">The number of state tensors does not fit the layer; the message names both.</exception>
    public static CaseForward Run(SequenceLayer layer, Tree<double> parameters, Tree<double> state, Tensor<double> input, IReadOnlyList<Tensor<double>> initial, Context context)
    {
        var want = layer.HasCellState ? 2 : 1;
        if (initial.Count != want)
            throw new ArgumentException(layer.HasCellState
                ? $"{layer} takes its initial state as (h_0, c_0) in input/1 and input/2, got {initial.Count} state tensor(s)"
                : $"{layer} takes its initial state h_0 as input/1 alone, got {initial.Count} state tensors");
        var r = layer.Run(parameters, input, context, lengths: null, initial: new RecurrentState<double>(initial[0], layer.HasCellState ? initial[1] : null));
        var outputs = new Dictionary<string, Tensor<double>> { ["output"] = r.Output, ["h_n"] = r.Final.H };
        if (r.Final.C is not null) outputs["c_n"] = r.Final.C;
        return new CaseForward(outputs, state, (grads, needInput) =>
        {
            var g = r.Pullback(grads.GetValueOrDefault("output"), grads.GetValueOrDefault("h_n"), grads.GetValueOrDefault("c_n"), needInput);
            return new CaseGrads(g.Params, layer.HasCellState ? [g.Input, g.Initial.H, g.Initial.C] : [g.Input, g.Initial.H]);
        });
    }
}
