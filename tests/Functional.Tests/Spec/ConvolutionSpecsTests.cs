namespace Functional.Tests.Spec;

public class ConvolutionSpecsTests
{
    [Fact]
    public void Conv2dReadsPyTorchKeywords()
    {
        var conv = Assert.IsType<Conv2d>(ModelSpec.Layer("""
            {"type":"Conv2d","in_channels":3,"out_channels":8,"kernel_size":[3,5],"stride":2,"padding":[1,2],"dilation":1,
             "groups":1,"bias":false,"padding_mode":"zeros"}
            """));
        Assert.Equal((3, 8), (conv.InChannels, conv.OutChannels));
        Assert.Equal((3, 5), conv.KernelSize);
        Assert.Equal((2, 2), conv.Stride);
        Assert.Equal((1, 2), conv.Padding);
        Assert.False(conv.HasBias);
    }

    [Theory]
    [InlineData("valid", 0)]
    [InlineData("same", 2)]
    public void Conv2dStringPadding(string padding, int expected)
    {
        var conv = Assert.IsType<Conv2d>(ModelSpec.Layer($$"""{"type":"Conv2d","in_channels":1,"out_channels":1,"kernel_size":5,"padding":"{{padding}}"}"""));
        Assert.Equal((expected, expected), conv.Padding);
    }

    [Theory]
    [InlineData("""{"type":"Conv2d","in_channels":4,"out_channels":4,"kernel_size":3,"groups":2}""", "groups")]
    [InlineData("""{"type":"Conv2d","in_channels":4,"out_channels":4,"kernel_size":3,"padding_mode":"reflect"}""", "padding_mode")]
    [InlineData("""{"type":"Conv2d","in_channels":4,"out_channels":4,"kernel_size":4,"padding":"same"}""", "same")]
    [InlineData("""{"type":"MaxPool2d","kernel_size":2,"return_indices":true}""", "return_indices")]
    [InlineData("""{"type":"AdaptiveAvgPool2d","output_size":[null,3]}""", "None")]
    public void UnsupportedArgumentsAreNamed(string json, string what)
        => Assert.Contains(what, Assert.Throws<UnsupportedSpecException>(() => ModelSpec.Layer(json)).Message);

    [Fact]
    public void PoolStrideDefaultsToKernel()
    {
        var max = Assert.IsType<MaxPool2d>(ModelSpec.Layer("""{"type":"MaxPool2d","kernel_size":[2,3],"stride":null,"ceil_mode":true}"""));
        Assert.Equal((2, 3), max.Stride);
        Assert.True(max.CeilMode);
        var avg = Assert.IsType<AvgPool2d>(ModelSpec.Layer("""{"type":"AvgPool2d","kernel_size":3,"padding":1,"count_include_pad":false,"divisor_override":null}"""));
        Assert.Equal((3, 3), avg.Stride);
        Assert.False(avg.CountIncludePad);
        Assert.Null(avg.DivisorOverride);
    }

    [Fact]
    public void AdaptivePoolAndUnflatten()
    {
        Assert.Equal((1, 1), Assert.IsType<AdaptiveAvgPool2d>(ModelSpec.Layer("""{"type":"AdaptiveAvgPool2d","output_size":1}""")).OutputSize);
        var u = Assert.IsType<Unflatten>(ModelSpec.Layer("""{"type":"Unflatten","dim":1,"unflattened_size":[1,28,28]}"""));
        Assert.Equal(Shape.Of(-1, 1, 28, 28), u.OutputShape(Shape.Of(-1, 784)));
    }

    [Fact]
    public void SmallCnnFromSpecRuns()
    {
        var net = ModelSpec.Layer("""
            {"type":"Sequential","layers":[
              {"type":"Conv2d","in_channels":1,"out_channels":4,"kernel_size":3,"padding":1},
              {"type":"ReLU"},
              {"type":"MaxPool2d","kernel_size":2},
              {"type":"Conv2d","in_channels":4,"out_channels":8,"kernel_size":3,"stride":2,"padding":1},
              {"type":"AdaptiveAvgPool2d","output_size":1},
              {"type":"Flatten"},
              {"type":"Linear","in_features":8,"out_features":10}]}
            """);
        var init = net.Init<double>(Shape.Of(-1, 1, 12, 12), new Rng(0));
        Assert.Equal(Shape.Of(-1, 10), init.Output);
        Assert.Equal(["0.weight", "0.bias", "3.weight", "3.bias", "6.weight", "6.bias"], init.Params.Paths());
    }
}
