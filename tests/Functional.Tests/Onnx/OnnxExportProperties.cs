using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Functional.Tests.Onnx;

/// <summary>Random Linear and Conv2d shapes, exported: ONNX Runtime's output equals our forward.</summary>
public sealed class OnnxExportProperties
{
    [Property(MaxTest = 30)]
    public Property Random_linear_layers_export()
        => Prop.ForAll(Gen.Choose(1, 40).Three().ToArbitrary(), Gen.Choose(1, 8).ToArbitrary(), (sizes, batch) =>
        {
            var (input, output, seed) = sizes;
            OnnxCheck.Matches(Nn.Linear(input, output, bias: seed % 2 == 0), Shape.Of(-1, input), batch, (ulong)seed);
        });

    [Property(MaxTest = 30)]
    public Property Random_convolutions_export()
        => Prop.ForAll(Gen.Choose(1, 4).Four().ToArbitrary(), Gen.Choose(0, 1).Three().ToArbitrary(), (a, b) =>
        {
            var (inC, outC, kh, kw) = a;
            var (ph, sw, dil) = b;
            var conv = new Conv2d(inC, outC, (kh, kw), stride: (1 + dil, 1 + sw), padding: (Math.Min(ph, kh / 2), 0), dilation: (1 + dil, 1));
            OnnxCheck.Matches(conv, Shape.Of(-1, inC, 9, 8), batch: 2, seed: (ulong)(inC * 100 + outC * 10 + kh));
        });
}
