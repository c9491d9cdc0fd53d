using Functional;

namespace Functional.Tests.Data;

public class StandardScalerTests
{
    private static readonly Tensor<double> X = Tensor.FromArray(new double[,]
    {
        { 1.0, -2.0, 5.0 }, { 2.5, 0.0, 5.0 }, { 4.0, 3.5, 5.0 }, { -0.5, 1.25, 5.0 },
    });

    private static void Close(double[] expected, double[] actual, double tol = 1e-15)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * Math.Max(1, Math.Abs(expected[i])), $"index {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Fact]
    public void Fit_matches_scikit_learn_with_population_std_and_unit_scale_for_a_constant_column()
    {
        // sklearn 1.2.1: StandardScaler().fit(X).mean_, .scale_
        var s = StandardScaler.Fit(X);
        Close([1.75, 0.6875, 5.0], s.Mean.ToArray());
        Close([1.6770509831248424, 1.995111212439046, 1.0], s.Scale.ToArray());
    }

    [Fact]
    public void Transform_and_inverse_match_scikit_learn()
    {
        var s = StandardScaler.Fit(X);
        Close([-0.4472135954999579, -1.347042702804773, 0, 0.4472135954999579, -0.34459231932215123, 0,
               1.3416407864998738, 1.4096958517724367, 0, -1.3416407864998738, 0.28193917035448735, 0], s.Transform(X).ToArray());
        Close([4.919349550499537, 4.667659598090958, 1.0], s.Transform(Tensor.FromArray([10.0, 10.0, 6.0], 1, 3)).ToArray());
        Close([3.4270509831248424, -1.307611212439046, 7.0], s.InverseTransform(Tensor.FromArray([1.0, -1.0, 2.0], 1, 3)).ToArray());
    }

    [Fact]
    public void Training_split_gets_mean_zero_and_population_std_one()
    {
        var data = Datasets.BostonHousing().ThrowIfFail().ToDataset<double>();
        var train = data.RandomSplit([0.6, 0.2, 0.2], new Rng(1))[0];
        var z = StandardScaler.Fit(train.Features).Transform(train.Features);
        var (n, p) = (z.Shape[0], z.Shape[1]);
        for (var j = 0; j < p; j++)
        {
            double m = 0, v = 0;
            for (var i = 0; i < n; i++) m += z[i, j];
            m /= n;
            for (var i = 0; i < n; i++) v += (z[i, j] - m) * (z[i, j] - m);
            Assert.True(Math.Abs(m) < 1e-12, $"column {j}: mean {m}");
            Assert.True(Math.Abs(Math.Sqrt(v / n) - 1) < 1e-12, $"column {j}: population std {Math.Sqrt(v / n)}");
        }
    }

    [Fact]
    public void Inverse_undoes_transform()
    {
        var s = StandardScaler.Fit(X);
        Close(X.ToArray(), s.InverseTransform(s.Transform(X)).ToArray(), 1e-14);
    }

    [Fact]
    public void Float_input_is_transformed_with_double_statistics()
    {
        var s = StandardScaler.Fit(X.Cast<float>());
        Close([1.6770509831248424, 1.995111212439046, 1.0], s.Scale.ToArray());
        var z = s.Transform(X.Cast<float>());
        Assert.Equal((float)-0.4472135954999579, z[0, 0]);
    }

    [Fact]
    public void A_feature_count_mismatch_names_both_sides()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => StandardScaler.Fit(X).Transform(Tensor.Zeros<double>(2, 4)));
        Assert.Contains("3 features", e.Message);
        Assert.Contains("[2, 4]", e.Message);
    }
}
