namespace Functional.Tests.Layers;

/// <summary>
/// The library splits work across <see cref="Functional.Blas.Threads"/> only where outputs are disjoint and sums keep one order,
/// so a layer's forward and pullback give the same bits on one thread and on two. The shapes here are large enough
/// that the split really happens.
/// </summary>
[Collection(Functional.Tests.Support.GlobalBlasThreads.Name)]
public sealed class ThreadCountTests
{
    private static float[][] Run(Layer layer, Shape shape, int threads)
    {
        var before = Functional.Blas.Threads;
        try
        {
            Functional.Blas.SetThreads(threads);
            var init = layer.Init<float>(shape, new Rng(5));
            var x = Tensor.Randn<float>(new Rng(6), shape.ToArray());
            var f = layer.Forward(init.Params, init.State, x, Context.Train(new Rng(7)));
            var dy = Tensor.Randn<float>(new Rng(8), f.Output.Shape.ToArray());
            var g = f.Pullback(dy);
            return [f.Output.ToArray(), g.Input!.ToArray(), g.Params.Flatten(), f.State.Flatten()];
        }
        finally { Functional.Blas.SetThreads(before); }
    }

    public static TheoryData<string> Layers => ["conv stride 1", "conv stride 2", "conv 1x1", "batchnorm2d", "relu", "leakyrelu", "bi-lstm", "bi-gru"];

    private static (Layer, Shape) Case(string name) => name switch
    {
        "conv stride 1" => (Nn.Conv2d(16, 24, 3, padding: 1), Shape.Of(9, 16, 12, 12)),
        "conv stride 2" => (Nn.Conv2d(16, 24, 3, stride: 2, padding: 1), Shape.Of(9, 16, 13, 13)),
        "conv 1x1" => (Nn.Conv2d(32, 16, 1), Shape.Of(5, 32, 10, 10)),
        "batchnorm2d" => (Nn.BatchNorm2d(16), Shape.Of(9, 16, 20, 20)),
        "relu" => (Nn.ReLU(), Shape.Of(8, 16, 30, 30)),
        // Bidirectional runs its two scans side by side on two threads and one after the other on one.
        "bi-lstm" => (new Lstm(12, 24, 2, dropout: 0.2, bidirectional: true).Last(), Shape.Of(9, 7, 12)),
        "bi-gru" => (new Gru(12, 24, 2, dropout: 0.2, bidirectional: true).Last(), Shape.Of(9, 7, 12)),
        _ => (Nn.LeakyReLU(0.1), Shape.Of(8, 16, 30, 30)),
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void One_thread_and_two_give_the_same_bits(string name)
    {
        var (layer, shape) = Case(name);
        var one = Run(layer, shape, 1);
        var two = Run(layer, shape, 2);
        for (var i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i]);
    }
}
