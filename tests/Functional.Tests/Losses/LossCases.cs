using FsCheck;
using FsCheck.Fluent;
using Functional.Testing;

namespace Functional.Tests.Losses;

/// <summary>Generators shared by the loss tests: shapes of class-index losses and their options.</summary>
internal static class LossCases
{
    /// <summary>Input shapes (C), (N, C) or (N, C, d1, ...) with the class count and the index-target shape.</summary>
    public static Gen<(Shape Input, int Classes, Shape Target)> ClassShapes()
        => Gens.Shape(1, 4, maxDim: 5, maxSize: 150).Select(s => s.Rank == 1
            ? (s, s[0], Shape.Scalar)
            : (s, s[1], new Shape([s[0], .. s.Skip(2)])));

    /// <summary>Null, or positive per-class weights.</summary>
    public static Gen<double[]?> Weights(int classes)
        => Gen.Elements(false, true).SelectMany(w => Gens.Rng(), (w, r) => w ? Gens.TensorFrom(r, Shape.Of(classes), 0.2, 2).ToArray() : null);

    /// <summary>The default -100, or a valid class (PyTorch allows ignoring a real class).</summary>
    public static Gen<int> IgnoreIndex(int classes) => Gen.Frequency((1, Gen.Constant(-100)), (1, Gen.Choose(0, classes - 1)));

    /// <summary>Upstream keys for the loss value.</summary>
    public static Gen<Rng> Upstream() => Gens.Rng();
}
