using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Layers.Recurrent;

public class CellTests
{
    [Property(MaxTest = 60)]
    public Property StepGradientsMatchFiniteDifferences()
        => GradientProperty.ForLayer(Gen.Choose(1, 4).SelectMany(i => Rec.Cells(i)).SelectMany(cell =>
            from b in Gen.Choose(1, 3)
            from x in Gens.Tensor(Shape.Of(b, cell.InputSize + (cell.HasCellState ? 2 : 1) * cell.HiddenSize))
            from seed in Gens.Rng()
            select new LayerCase(new StepLayer(cell), x, seed, Context.Eval)));

    [Fact]
    public void LstmFollowsPyTorchsGateOrder()
    {
        // One hidden unit, weights chosen so each gate's pre-activation is distinct: i = 1, f = 2, g = 3, o = 4 (times x = 1).
        var cell = new LstmCell(1, 1, bias: false);
        var p = new CellParams<double>(Tensor.FromArray([1.0, 2, 3, 4], 4, 1), Tensor.Zeros<double>(4, 1), null, null);
        var c0 = 0.5;
        var step = cell.Step(p, new CellInput<double>(Tensor.Ones<double>(1, 1), Tensor.Zeros<double>(1, 1), Tensor.Full(c0, 1, 1)));
        static double S(double v) => 1 / (1 + Math.Exp(-v));
        var c = S(2) * c0 + S(1) * Math.Tanh(3);
        Assert.Equal(c, step.Output.C!.Item(), 12);
        Assert.Equal(S(4) * Math.Tanh(c), step.Output.H.Item(), 12);
    }

    [Fact]
    public void GruResetGateMultipliesTheRecurrentTermWithItsBias()
    {
        // r = σ(0) = 1/2 multiplies (W_hn·h + b_hn) = 2·1 + 3; z = σ(0) = 1/2.
        var cell = new GruCell(1, 1);
        var p = new CellParams<double>(Tensor.Zeros<double>(3, 1), Tensor.FromArray([0.0, 0, 2], 3, 1),
            Tensor.FromArray([0.0, 0, 0.25], 3), Tensor.FromArray([0.0, 0, 3], 3));
        var step = cell.Step(p, new CellInput<double>(Tensor.Zeros<double>(1, 1), new CellState<double>(Tensor.Ones<double>(1, 1), null)));
        var n = Math.Tanh(0.25 + 0.5 * 5);
        Assert.Equal(0.5 * n + 0.5 * 1, step.Output.H.Item(), 12);
    }

    [Fact]
    public void InitIsUniformWithinOneOverRootHiddenAndNamedAsPyTorchCells()
    {
        var p = new GruCell(7, 16).Init<double>(new Rng(3));
        Assert.Equal(["weight_ih", "weight_hh", "bias_ih", "bias_hh"], p.Paths());
        Assert.Equal(Shape.Of(48, 7), p.WeightIh.Shape);
        Assert.Equal(Shape.Of(48, 16), p.WeightHh.Shape);
        var all = p.Flatten();
        Assert.All(all, v => Assert.InRange(v, -0.25, 0.25));
        Assert.True(all.Max() > 0.2 && all.Min() < -0.2);
    }

    [Fact]
    public void ReluRnnClampsAtZero()
    {
        var cell = new RnnCell(1, 1, RnnNonlinearity.ReLU, bias: false);
        var p = new CellParams<double>(Tensor.Full(-1.0, 1, 1), Tensor.Zeros<double>(1, 1), null, null);
        var step = cell.Step(p, new CellInput<double>(Tensor.FromArray([2.0, -3], 2, 1), cell.ZeroState<double>(2)));
        TensorAssert.Equal(Tensor.FromArray([0.0, 3], 2, 1), step.Output.H, "relu(-x)");
    }

    [Fact]
    public void StepRejectsAWrongInputSize()
    {
        var cell = new LstmCell(3, 2);
        var e = Assert.Throws<ShapeMismatchException>(() => cell.Step(cell.Init<double>(new Rng(0)), new CellInput<double>(Tensor.Zeros<double>(1, 4), cell.ZeroState<double>(1))));
        Assert.Contains("LSTMCell(3, 2)", e.Message);
        Assert.Contains("[1, 4]", e.Message);
    }
}
