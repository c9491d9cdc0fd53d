using System.Diagnostics;

namespace Functional.Tests.Reliability;

/// <summary>
/// A small tmpfs mounted for one test, to run out of disk on purpose; unmounted and removed on dispose. Mounting needs
/// root, which CI has; elsewhere the test is skipped with the reason, unless <c>FUNCTIONAL_REQUIRE_ROOT_TESTS=1</c>
/// (set by <c>.ci/run</c>) turns the skip into a failure.
/// </summary>
internal sealed class Tmpfs : IDisposable
{
    public string Path { get; }

    private Tmpfs(string path) => Path = path;

    public static Tmpfs Mount(int megabytes)
    {
        var required = Environment.GetEnvironmentVariable("FUNCTIONAL_REQUIRE_ROOT_TESTS") == "1";
        if (Environment.UserName != "root" && !required)
            throw new SkipException("mounting a tmpfs needs root (CI runs these tests as root)");
        var dir = Directory.CreateTempSubdirectory("functional-tmpfs-").FullName;
        var (code, err) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", dir);
        if (code != 0)
        {
            Directory.Delete(dir);
            throw new InvalidOperationException($"mount -t tmpfs failed ({code}): {err}");
        }
        return new Tmpfs(dir);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Fills the file system until at most <paramref name="leaveBytes"/> stay free.</summary>
    public void Fill(long leaveBytes)
    {
        using var filler = new FileStream(File("filler"), FileMode.Create, FileAccess.Write);
        var chunk = new byte[64 * 1024];
        try
        {
            while (new DriveInfo(Path).AvailableFreeSpace > leaveBytes + chunk.Length) filler.Write(chunk);
            var rest = (int)Math.Max(0, new DriveInfo(Path).AvailableFreeSpace - leaveBytes);
            filler.Write(chunk, 0, Math.Min(rest, chunk.Length));
            filler.Flush(flushToDisk: true);
        }
        catch (IOException) { }   // full already
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }

    private static (int Code, string Err) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, err.Trim());
    }
}
