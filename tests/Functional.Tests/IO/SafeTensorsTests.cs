using LanguageExt;
using Functional.Tests.Conformance;

namespace Functional.Tests.IO;

public class SafeTensorsTests
{
    [Fact]
    public void RoundTripKeepsDtypesShapesValuesAndMetadata()
    {
        using var dir = new TempDir();
        var path = dir.File("rt.safetensors");
        var f32 = Tensor.FromArray(new[] { 1.5f, -2.25f, float.MaxValue, float.Epsilon, 0f, 3f }, 2, 3);
        var f64 = Tensor.FromArray(new[] { Math.PI, -1e-300, double.MinValue }, 3);
        var scalar = Tensor.Scalar(42.0);
        var empty = Tensor.Zeros<double>(0, 4);
        long[] ids = [long.MinValue, -1, 0, 7, long.MaxValue, 3];
        SafeTensors.Write(path,
            [SafeTensor.From("layer.weight", f32), SafeTensor.From("b", f64), SafeTensor.From("s", scalar),
             SafeTensor.From("empty", empty), SafeTensor.FromInt64("ids", ids, 3, 2)],
            new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode" });

        var file = SafeTensors.Read(path).ThrowIfFail();
        Assert.Equal<string>(["layer.weight", "b", "s", "empty", "ids"], file.Names);
        Assert.Equal(DType.F32, file["layer.weight"].DType);
        Assert.Equal(DType.F64, file["b"].DType);
        Assert.Equal(DType.I64, file["ids"].DType);
        Assert.Equal(f32.ToArray(), file.Get<float>("layer.weight").ToArray());
        Assert.Equal(f32.Shape, file.Get<float>("layer.weight").Shape);
        Assert.Equal(f64.ToArray(), file.Get<double>("b").ToArray());
        Assert.Equal(Shape.Scalar, file["s"].Shape);
        Assert.Equal(42.0, file.Get<double>("s").Item());
        Assert.Equal(Shape.Of(0, 4), file["empty"].Shape);
        Assert.Equal(ids, file["ids"].ToInt64());
        Assert.Equal(Shape.Of(3, 2), file["ids"].Shape);
        Assert.Equal("ünïcode", file.Metadata["note"]);
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void HeaderIsPaddedToAMultipleOfEight()
    {
        foreach (var name in new[] { "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh" })
        {
            var bytes = SafeTensors.ToBytes(new SafeTensorFile([SafeTensor.From(name, Tensor.Ones<double>(2))]));
            var n = BitConverter.ToUInt64(bytes, 0);
            Assert.Equal(0UL, n % 8);
            Assert.Equal(8 + (long)n + 16, bytes.Length);
            Assert.Equal(name, SafeTensors.Parse(bytes).Entries.Single().Name);
        }
    }

    [Fact]
    public void WriteReplacesAnExistingFileAndLeavesNoTemporaryFile()
    {
        using var dir = new TempDir();
        var path = dir.File("w.safetensors");
        File.WriteAllText(path, "old contents");
        SafeTensors.Write(path, [SafeTensor.From("x", Tensor.Ones<float>(3))]);
        Assert.Equal([1f, 1f, 1f], SafeTensors.Read(path).ThrowIfFail().Get<float>("x").ToArray());
        Assert.Equal(["w.safetensors"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void ReadsTheGoldenFilesWrittenByTheReferenceGenerator()
    {
        var file = SafeTensors.Read(GoldenData.File("linear.safetensors")).ThrowIfFail();
        Assert.Equal(Shape.Of(3, 6), file["param/weight"].Shape);
        Assert.Equal(DType.F64, file["param/weight"].DType);
        Assert.Equal(["bias", "weight"], file.Tensors<double>("param/").Keys.Order());
    }

    [Fact]
    public void ConvertsBetweenDtypesOnRead()
    {
        var bytes = SafeTensors.ToBytes(new SafeTensorFile(
            [SafeTensor.From("d", Tensor.FromArray(new[] { 0.1, 2.0 })), SafeTensor.FromInt64("i", [3, -4])]));
        var file = SafeTensors.Parse(bytes);
        Assert.Equal([0.1f, 2f], file.Get<float>("d").ToArray());
        Assert.Equal([3.0, -4.0], file.Get<double>("i").ToArray());
        Assert.Equal([0L, 2L], SafeTensors.Parse(SafeTensors.ToBytes(new SafeTensorFile([SafeTensor.From("w", Tensor.FromArray(new[] { 0.0, 2.0 }))])))["w"].ToInt64());
        Assert.Throws<InvalidOperationException>(() => file["d"].ToInt64());
    }

    [Fact]
    public void MissingTensorAndMissingFileNameTheFile()
    {
        var file = SafeTensors.Read(GoldenData.File("linear.safetensors")).ThrowIfFail();
        var e = Assert.Throws<KeyNotFoundException>(() => file.Get<double>("param/nope"));
        Assert.Contains("linear.safetensors", e.Message);
        Assert.Contains("param/nope", e.Message);

        var missing = SafeTensors.Read("/nonexistent/dir/x.safetensors");
        Assert.True(missing.IsFail);
        Assert.Contains("/nonexistent/dir/x.safetensors", missing.Match(_ => "", err => err.Message));
    }

    [Fact]
    public void TreeSaveLoadRoundTripsLinearParameters()
    {
        using var dir = new TempDir();
        var path = dir.File("linear.safetensors");
        var net = Nn.Linear(4, 3).Then(Nn.ReLU()).Then(Nn.Linear(3, 2, bias: false));
        var init = net.Init<float>(Shape.Of(-1, 4), new Rng(7));
        SafeTensors.SaveTree(path, init.Params, init.State, new Dictionary<string, string> { ["model"] = net.ToString() });

        var file = SafeTensors.Read(path).ThrowIfFail();
        Assert.Equal<string>(["0.weight", "0.bias", "2.weight"], file.Names);
        Assert.All(file.Entries, e => Assert.Equal(DType.F32, e.DType));

        var fresh = net.Init<float>(Shape.Of(-1, 4), new Rng(99));
        var (p, _) = SafeTensors.LoadTree(path, fresh.Params, fresh.State).Match(x => x, e => throw e.ToException());
        Assert.Equal(init.Params.Flatten(), p.Flatten());

        var other = Nn.Linear(4, 5).Init<float>(Shape.Of(-1, 4), new Rng(0)).Params;
        var bad = SafeTensors.LoadTree(path, other);
        Assert.True(bad.IsFail);
        Assert.Contains(path, bad.Match(_ => "", e => e.Message));
    }
}
