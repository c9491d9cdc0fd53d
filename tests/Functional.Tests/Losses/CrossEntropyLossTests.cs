using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;
using Functional.Tests.Support;

namespace Functional.Tests.Losses;

public class CrossEntropyLossTests
{
    /// <summary>Class-index targets with optional weights, ignored index and label smoothing (always on when <paramref name="smoothing"/>).</summary>
    private static Gen<LossCase> IndexCases(Reduction reduction, bool smoothing)
        => from shapes in LossCases.ClassShapes()
           from x in Gens.Tensor(shapes.Input, -3, 3)
           from w in LossCases.Weights(shapes.Classes)
           from useIgnore in Gen.Elements(false, true)
           from ignore in LossCases.IgnoreIndex(shapes.Classes)
           where !(useIgnore && ignore == 0 && shapes.Classes == 1)
           from eps in smoothing ? Gen.Choose(1, 100).Select(e => e / 100.0) : Gen.Elements(0.0, 0.0, 0.1, 0.5)
           from t in Gens.ClassIndices(shapes.Target, shapes.Classes, useIgnore ? ignore : null)
           from k in LossCases.Upstream()
           select new LossCase(new CrossEntropyLoss(reduction, w, useIgnore ? ignore : -100, eps), x, t, k);

    /// <summary>Probability targets shaped like the input, with optional weights and label smoothing.</summary>
    private static Gen<LossCase> SoftCases(Reduction reduction)
        => from shapes in LossCases.ClassShapes()
           from x in Gens.Tensor(shapes.Input, -3, 3)
           from t in Gens.Probabilities(shapes.Input, shapes.Input.Rank == 1 ? 0 : 1)
           from w in LossCases.Weights(shapes.Classes)
           from eps in Gen.Elements(0.0, 0.0, 0.1, 0.7)
           from k in LossCases.Upstream()
           select new LossCase(new CrossEntropyLoss(reduction, w, labelSmoothing: eps), x, t, k);

    [Property(MaxTest = 100)]
    public Property IndexTargetGradientsMean() => GradientProperty.ForLoss(IndexCases(Reduction.Mean, false));

    [Property(MaxTest = 100)]
    public Property IndexTargetGradientsSum() => GradientProperty.ForLoss(IndexCases(Reduction.Sum, false));

    [Property(MaxTest = 100)]
    public Property IndexTargetGradientsNone() => GradientProperty.ForLoss(IndexCases(Reduction.None, false));

    [Property(MaxTest = 100)]
    public Property LabelSmoothingGradientsMean() => GradientProperty.ForLoss(IndexCases(Reduction.Mean, true));

    [Property(MaxTest = 100)]
    public Property LabelSmoothingGradientsSum() => GradientProperty.ForLoss(IndexCases(Reduction.Sum, true));

    [Property(MaxTest = 100)]
    public Property LabelSmoothingGradientsNone() => GradientProperty.ForLoss(IndexCases(Reduction.None, true));

    [Property(MaxTest = 100)]
    public Property SoftTargetGradientsMean() => GradientProperty.ForLoss(SoftCases(Reduction.Mean));

    [Property(MaxTest = 100)]
    public Property SoftTargetGradientsSum() => GradientProperty.ForLoss(SoftCases(Reduction.Sum));

    [Property(MaxTest = 100)]
    public Property SoftTargetGradientsNone() => GradientProperty.ForLoss(SoftCases(Reduction.None));

    [Property(MaxTest = 100)]
    public Property EqualsNllOfLogSoftmaxWithoutSmoothing()
        => Prop.ForAll(Arb.From(IndexCases(Reduction.None, false).Where(c => ((CrossEntropyLoss)c.Loss).LabelSmoothing == 0)), c =>
        {
            var ce = (CrossEntropyLoss)c.Loss;
            var nll = new NllLoss(Reduction.None, ce.Weight, ce.IgnoreIndex).Forward(LogSoftmax.Of(c.Input, c.Input.Rank == 1 ? 0 : 1), c.Target).Output;
            TensorAssert.Close(nll, ce.Forward(c.Input, c.Target).Output, 1e-12, "cross_entropy against nll_loss(log_softmax)");
        });

    // Reference values from PyTorch 1.13 (float64): F.cross_entropy(X, T, weight=W, label_smoothing=...).
    private static readonly Tensor<double> X = Tensor.FromArray(new[,] { { 0.2, -1.0, 3.0 }, { 1.5, 0.5, -0.5 }, { 0.0, 2.0, 1.0 }, { -1.0, -2.0, 0.3 } });
    private static readonly double[] W = [0.5, 2.0, 1.5];

    [Theory]
    [InlineData(Reduction.Mean, new[] { 0.5677392092864324 })]
    [InlineData(Reduction.Sum, new[] { 2.2709568371457296 })]
    [InlineData(Reduction.None, new[] { 0.738355060553299, 0.6050706429629203, 0.9275311336295101, 0.0 })]
    public void MatchesPyTorchWithWeightsIgnoreIndexAndSmoothing(Reduction reduction, double[] expected)
    {
        var v = new CrossEntropyLoss(reduction, W, -100, 0.2).Forward(X, Tensor.FromArray(new[] { 2.0, 0.0, 1.0, -100.0 })).Output;
        TensorAssert.Close(Tensor.FromArray(expected).Reshape(v.Shape), v, 1e-13, $"cross_entropy(reduction={reduction})");
    }

    [Theory]
    [InlineData(Reduction.Mean, new[] { 0.9280618404628758 })]
    [InlineData(Reduction.Sum, new[] { 1.8561236809257515 })]
    [InlineData(Reduction.None, new[] { 1.050419207592466, 0.8057044733332853, 0.0, 0.0 })]
    public void MatchesPyTorchWhenTheIgnoredIndexIsAClass(Reduction reduction, double[] expected)
    {
        var v = new CrossEntropyLoss(reduction, W, 1, 0.3).Forward(X, Tensor.FromArray(new[] { 2.0, 0.0, 1.0, 1.0 })).Output;
        TensorAssert.Close(Tensor.FromArray(expected).Reshape(v.Shape), v, 1e-13, $"cross_entropy(reduction={reduction}, ignore_index=1)");
    }

    [Theory]
    [InlineData(Reduction.Mean, new[] { 2.1203125678994823 })]
    [InlineData(Reduction.Sum, new[] { 8.48125027159793 })]
    [InlineData(Reduction.None, new[] { 2.9893328779759116, 2.019765518050309, 1.2996910366596786, 2.1724608389120315 })]
    public void MatchesPyTorchWithSoftTargets(Reduction reduction, double[] expected)
    {
        var p = Softmax.Of(Tensor.FromArray(new[,] { { 1.0, 0.0, -1.0 }, { 0.5, 0.5, 0.0 }, { 2.0, -1.0, 0.0 }, { 0.0, 0.0, 0.0 } }), 1);
        var v = new CrossEntropyLoss(reduction, W, labelSmoothing: 0.1).Forward(X, p).Output;
        TensorAssert.Close(Tensor.FromArray(expected).Reshape(v.Shape), v, 1e-13, $"cross_entropy(soft targets, reduction={reduction})");
    }
}
