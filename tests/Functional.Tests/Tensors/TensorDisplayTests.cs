using static Functional.Tests.Tensors.TensorAssert;

namespace Functional.Tests.Tensors;

/// <summary>ToString must print exactly what PyTorch 1.13's <c>repr</c> prints (expected strings pasted from it).</summary>
public class TensorDisplayTests
{
    [Fact]
    public void Matrix_with_fractions_uses_four_decimals()
        => Assert.Equal("tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]])", F([1f, 2.5f, 3f, 4f], 2, 2).ToString());

    [Fact]
    public void Whole_numbers_print_with_a_trailing_dot()
        => Assert.Equal("tensor([[1., 2.],\n        [3., 4.]])", F([1f, 2f, 3f, 4f], 2, 2).ToString());

    [Fact]
    public void Columns_are_right_aligned()
        => Assert.Equal("tensor([-1.5000,  0.0000,  2.2500])", F([-1.5f, 0f, 2.25f], 3).ToString());

    [Fact]
    public void Small_values_switch_to_scientific()
        => Assert.Equal("tensor([1.0000e-05, 1.0000e+00, 1.2300e+02])", F([1e-5f, 1f, 123f], 3).ToString());

    [Fact]
    public void Wide_integer_range_switches_to_scientific()
        => Assert.Equal("tensor([1.0000e+00, 1.0000e+06])", F([1f, 1e6f], 2).ToString());

    [Fact]
    public void Nan_and_infinities()
        => Assert.Equal("tensor([   nan,    inf,   -inf, 1.5000])",
            F([float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1.5f], 4).ToString());

    [Fact]
    public void Zeros() => Assert.Equal("tensor([[0., 0., 0.],\n        [0., 0., 0.]])", Tensor.Zeros<float>(2, 3).ToString());

    [Fact]
    public void Double_gets_a_dtype_suffix()
        => Assert.Equal("tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]], dtype=torch.float64)", D([1, 2.5, 3, 4], 2, 2).ToString());

    [Fact]
    public void Scalars()
    {
        Assert.Equal("tensor(3.5000)", Tensor.Scalar(3.5f).ToString());
        Assert.Equal("tensor(2., dtype=torch.float64)", Tensor.Scalar(2.0).ToString());
    }

    [Fact]
    public void Empty_tensors_show_their_size()
    {
        Assert.Equal("tensor([], size=(0, 3))", Tensor.Zeros<float>(0, 3).ToString());
        Assert.Equal("tensor([])", Tensor.Zeros<float>(0).ToString());
    }

    [Fact]
    public void Rank3_separates_blocks_with_a_blank_line()
        => Assert.Equal("tensor([[[0.0000, 0.2500, 0.5000],\n         [0.7500, 1.0000, 1.2500]],\n\n        [[1.5000, 1.7500, 2.0000],\n         [2.2500, 2.5000, 2.7500]]])",
            (Tensor.Arange<float>(12).Reshape(2, 2, 3) / 4f).ToString());

    [Fact]
    public void Long_vectors_wrap_at_80_columns()
        => Assert.Equal("tensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,\n        12.0000, 13.5000, 15.0000, 16.5000, 18.0000, 19.5000, 21.0000, 22.5000,\n        24.0000, 25.5000, 27.0000, 28.5000, 30.0000, 31.5000, 33.0000, 34.5000,\n        36.0000, 37.5000, 39.0000, 40.5000, 42.0000, 43.5000])",
            (Tensor.Arange<float>(30) * 1.5f).ToString());

    [Fact]
    public void Long_double_vector_puts_the_suffix_on_the_last_line()
        => Assert.Equal("tensor([ 0.0000,  1.2500,  2.5000,  3.7500,  5.0000,  6.2500,  7.5000,  8.7500,\n        10.0000, 11.2500, 12.5000, 13.7500, 15.0000, 16.2500, 17.5000, 18.7500,\n        20.0000, 21.2500, 22.5000, 23.7500], dtype=torch.float64)",
            (Tensor.Arange<double>(20) * 1.25).ToString());

    [Fact]
    public void Large_matrices_are_summarized()
        => Assert.Equal("tensor([[0.0000e+00, 1.4286e-01, 2.8571e-01,  ..., 6.7143e+00, 6.8571e+00,\n         7.0000e+00],\n        [7.1429e+00, 7.2857e+00, 7.4286e+00,  ..., 1.3857e+01, 1.4000e+01,\n         1.4143e+01],\n        [1.4286e+01, 1.4429e+01, 1.4571e+01,  ..., 2.1000e+01, 2.1143e+01,\n         2.1286e+01],\n        ...,\n        [2.6429e+02, 2.6443e+02, 2.6457e+02,  ..., 2.7100e+02, 2.7114e+02,\n         2.7129e+02],\n        [2.7143e+02, 2.7157e+02, 2.7171e+02,  ..., 2.7814e+02, 2.7829e+02,\n         2.7843e+02],\n        [2.7857e+02, 2.7871e+02, 2.7886e+02,  ..., 2.8529e+02, 2.8543e+02,\n         2.8557e+02]])",
            (Tensor.Arange<float>(2000).Reshape(40, 50) / 7f).ToString());

    [Fact]
    public void Large_vectors_are_summarized()
        => Assert.Equal("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.4970e+03, 1.4980e+03,\n        1.4990e+03])",
            Tensor.Arange<float>(1500).ToString());

    [Fact]
    public void Exact_ties_round_half_to_even_as_python_does()
        => Assert.Equal("tensor([0.0312, 0.0938, 1.0001], dtype=torch.float64)", D([0.03125, 0.09375, 1.00005], 3).ToString());

    [Fact]
    public void Debugger_display_names_type_and_shape()
    {
        var text = typeof(Tensor<float>).GetProperty("DebuggerDisplay", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(Tensor.Arange<float>(8).Reshape(2, 4));
        Assert.Equal("Tensor<Single> [2, 4] [0, 1, 2, 3, 4, 5, ...]", text);
    }
}
