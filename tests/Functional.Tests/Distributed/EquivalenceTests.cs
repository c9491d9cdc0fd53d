using Functional.Tests.Conformance;

namespace Functional.Tests.Mpi;

/// <summary>
/// Two ranks with global batch B train to the same parameters as one process with batch B: the driver trains 20 steps
/// under <c>mpirun -np 2</c> and alone, and the two parameter files are compared. The gradient sums of two halves
/// differ from one sum over the whole batch by rounding only, hence the tolerances (relative, in the norm).
/// </summary>
[Collection(MpiCollection.Name)]
public sealed class EquivalenceTests
{
    [MpiTheory]
    [InlineData("f64", "adam", "mlp", 64, 1e-12)]
    [InlineData("f32", "adam", "mlp", 64, 1e-5)]
    [InlineData("f64", "sgdm", "mlp", 64, 1e-12)]
    [InlineData("f32", "sgdm", "mlp", 64, 1e-5)]
    [InlineData("f64", "adamw", "mlp", 64, 1e-12)]
    [InlineData("f32", "adamw", "mlp", 64, 1e-5)]
    // An odd global batch: slices of 31 and 32 rows, weighted by their counts.
    [InlineData("f64", "adam", "mlp", 63, 1e-12)]
    public void TwoRanksMatchOneProcess(string dtype, string optimizer, string model, int batch, double tolerance)
        => Compare(dtype, optimizer, model, batch, tolerance);

    /// <summary>
    /// SyncBatchNorm over 2 ranks against BatchNorm1d/2d on the whole batch, in float64. The layer before the batch norm
    /// has no bias, as usual: a bias there has an exactly zero gradient, so its computed gradient is rounding noise that
    /// Adam scales up to full steps, and two runs' noise differs.
    /// </summary>
    [MpiTheory]
    [InlineData("bn1d", 64)]
    [InlineData("bn2d", 64)]
    [InlineData("bn1d", 63)]
    public void SyncBatchNormMatchesBatchNormOnTheWholeBatch(string model, int batch) => Compare("f64", "adam", model, batch, 1e-12);

    private static void Compare(string dtype, string optimizer, string model, int batch, double tolerance)
    {
        using var dir = new TempDir();
        string[] Args(string file) => ["train", dtype, optimizer, model, batch.ToString(), "20", file];
        var single = MpiRun.Run(0, MpiRun.Driver, Args(dir.File("one.safetensors")));
        Assert.True(single.Exit == 0, single.ToString());
        var two = MpiRun.Run(2, MpiRun.Driver, Args(dir.File("two.safetensors")));
        Assert.True(two.Exit == 0, two.ToString());
        Assert.Contains("rank 0 of 2", two.Out);
        Assert.Contains("rank 1 of 2", two.Out);

        var a = SafeTensors.Read(dir.File("one.safetensors")).ThrowIfFail();
        var b = SafeTensors.Read(dir.File("two.safetensors")).ThrowIfFail();
        Assert.Equal(a.Names.ToArray(), b.Names.ToArray());
        Assert.NotEmpty(a.Names);
        foreach (var name in a.Names)
        {
            var x = a.Get<double>(name).Span.ToArray();
            var y = b.Get<double>(name).Span.ToArray();
            var diff = Math.Sqrt(x.Zip(y, (p, q) => (p - q) * (p - q)).Sum());
            var norm = Math.Sqrt(x.Sum(p => p * p));
            Assert.True(diff <= tolerance * Math.Max(norm, 1e-30), $"{name}: |one - two| = {diff:E3}, |one| = {norm:E3}, relative {diff / norm:E3} > {tolerance:E0}");
        }
        // The epoch loss the ranks report is the global one.
        Assert.Equal(double.Parse(a.Metadata["loss"]), double.Parse(b.Metadata["loss"]), tolerance * 10);
    }
}
