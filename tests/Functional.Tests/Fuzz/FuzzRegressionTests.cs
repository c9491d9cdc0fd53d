using Functional.Fuzz;

namespace Functional.Tests.Fuzz;

/// <summary>
/// Replays every input the fuzzers found (tests/data/fuzz-regressions/TARGET/*) and the seeds (tests/fuzz/seeds/TARGET/*)
/// through the same adapter as the fuzz harness: each parser must give a value or its documented error.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static string Root(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Functional.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Functional.sln not found above the test directory"), relative);
    }

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in new[] { "tests/data/fuzz-regressions", "tests/fuzz/seeds" })
            foreach (var target in FuzzTargets.Names)
            {
                var dir = Path.Combine(Root(folder), target);
                if (!Directory.Exists(dir)) continue;
                foreach (var f in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
                    data.Add(target, Path.GetRelativePath(Root(""), f));
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Input_gives_a_value_or_the_documented_error(string target, string file)
        => FuzzTargets.Run(target, File.ReadAllBytes(Root(file)));

    [Fact]
    public void Every_target_has_seeds()
    {
        foreach (var target in FuzzTargets.Names)
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(Root("tests/fuzz/seeds"), target)));
    }

    [Fact]
    public void The_canary_escapes_only_on_its_planted_input()
    {
        var seed = File.ReadAllBytes(Path.Combine(Root("tests/fuzz/seeds"), "canary", "zeros-u8.idx"));
        FuzzTargets.Run(FuzzTargets.Canary, seed);
        FuzzTargets.Run(FuzzTargets.Canary, [255, 255, 255]);   // not IDX: no crash
        seed[8] = 255;
        Assert.Throws<IndexOutOfRangeException>(() => FuzzTargets.Run(FuzzTargets.Canary, seed));
    }

    [Fact]
    public void An_unknown_target_is_an_error()
        => Assert.Throws<ArgumentException>(() => FuzzTargets.Run("no-such-target", []));
}
