using BenchmarkDotNet.Attributes;

namespace Functional.Benchmarks.Micro;

/// <summary>
/// One <see cref="LstmCell"/> step, hidden 128, float32 batch 256, from a non-zero state: the forward
/// (<c>Cell.Step</c>: both input projections, the gate function) and forward + pullback (gradients of the parameters,
/// the previous state and the input, from gradients of the new <c>h</c> and <c>c</c>). Input size 28 is the rnn model's
/// first layer (a row of 28 pixels); 256 its upper layers (both directions of the layer below).
/// </summary>
[MemoryDiagnoser]
public class LstmCellBenchmarks
{
    const int Hidden = 128, Batch = 256;
    LstmCell cell = null!;
    CellParams<float> parameters = null!;
    CellState<float> state = null!, stateGrad = null!;
    Tensor<float> x = null!, dy = null!;

    /// <summary>The cell's input size.</summary>
    [Params(28, 256)]
    public int Input { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        cell = new LstmCell(Input, Hidden);
        parameters = cell.Init<float>(new Rng(1));
        state = new CellState<float>(Tensor.Uniform<float>(new Rng(2), -1, 1, Batch, Hidden), Tensor.Uniform<float>(new Rng(3), -1, 1, Batch, Hidden));
        x = Tensor.Uniform<float>(new Rng(4), -1, 1, Batch, Input);
        dy = Tensor.Uniform<float>(new Rng(5), -1, 1, Batch, Hidden);
        stateGrad = new CellState<float>(Tensor.Zeros<float>(Batch, Hidden), Tensor.Uniform<float>(new Rng(6), -1, 1, Batch, Hidden));
    }

    [Benchmark(Baseline = true)]
    public Forward<float, CellInput<float>, CellState<float>> Step() => cell.Step(parameters, new CellInput<float>(x, state));

    [Benchmark(Description = "Step+Pullback")]
    public Grads<float, CellInput<float>> StepPullback() => cell.Step(parameters, new CellInput<float>(x, state)).Pullback(stateGrad with { H = dy }, needInputGrad: true);
}
