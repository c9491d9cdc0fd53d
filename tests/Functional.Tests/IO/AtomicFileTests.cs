using System.Diagnostics;
using Functional.Tests.Conformance;

namespace Functional.Tests.IO;

public sealed class AtomicFileTests
{
    private static string[] Temporaries(string dir) => Directory.GetFiles(dir, "*.tmp");

    [Fact]
    public void A_write_replaces_the_file_and_leaves_no_temporary()
    {
        using var dir = new TempDir();
        var path = dir.File("a.bin");
        AtomicFile.Write(path, s => s.Write([1, 2, 3]));
        AtomicFile.Write(path, s => s.Write([4, 5]));
        Assert.Equal(new byte[] { 4, 5 }, File.ReadAllBytes(path));
        Assert.Empty(Temporaries(dir.Path));
    }

    [Fact]
    public void A_writer_that_throws_leaves_the_previous_file_and_no_temporary()
    {
        using var dir = new TempDir();
        var path = dir.File("a.bin");
        AtomicFile.Write(path, s => s.Write([1, 2, 3]));
        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, (Action<Stream>)(s => { s.Write([9, 9]); throw new InvalidOperationException("half way"); })));
        Assert.Equal("half way", e.Message);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Empty(Temporaries(dir.Path));
    }

    [Fact]
    public void An_io_failure_names_the_file_and_says_the_previous_one_is_unchanged()
    {
        using var dir = new TempDir();
        var path = dir.File("a.bin");
        AtomicFile.Write(path, s => s.Write([1]));
        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, (Action<Stream>)(_ => throw new IOException("No space left on device"))));
        Assert.Equal($"{path}: cannot write: No space left on device; the previous file is unchanged", e.Message);
        var missing = Assert.Throws<IOException>(() => AtomicFile.Write(dir.File("no-such-dir/b.bin"), (Action<Stream>)(s => s.Write([1]))));
        Assert.StartsWith(dir.File("no-such-dir/b.bin") + ": cannot write: ", missing.Message);
        Assert.EndsWith("no file was written", missing.Message);
    }

    [Fact]
    public void The_next_write_removes_temporaries_of_dead_writers_only()
    {
        using var dir = new TempDir();
        var path = dir.File("run.safetensors");
        // A writer that was killed: a process that has exited. And one that is alive: this process's parent chain's init.
        using var dead = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        dead.WaitForExit();
        var stale = dir.File($".run.safetensors.{dead.Id}.0123456789abcdef.tmp");
        var live = dir.File(".run.safetensors.1.0123456789abcdef.tmp");
        var other = dir.File(".other.safetensors.99999999.0123456789abcdef.tmp");
        foreach (var f in new[] { stale, live, other }) File.WriteAllBytes(f, [0]);
        AtomicFile.Write(path, s => s.Write([7]));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
    }

    [Fact]
    public void WriteFile_hands_the_writer_a_temporary_path_beside_the_target()
    {
        using var dir = new TempDir();
        var path = dir.File("plot.png");
        string? given = null;
        AtomicFile.WriteFile(path, tmp => { given = tmp; File.WriteAllText(tmp, "png"); });
        Assert.Equal(dir.Path, Path.GetDirectoryName(given));
        Assert.StartsWith(".plot.png.", Path.GetFileName(given));
        Assert.Equal("png", File.ReadAllText(path));
        Assert.False(File.Exists(given));
    }
}
