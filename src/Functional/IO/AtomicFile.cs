using System.Diagnostics;
using System.Globalization;

namespace Functional;

/// <summary>
/// Replaces a file atomically, so that a reader, or a process killed at any instant, finds either the old contents or
/// the new ones, never a mix: the new contents go to a temporary file beside the target
/// (<c>.NAME.PID.RANDOM.tmp</c>, PID being the writing process), which is flushed to disk (<c>fsync</c>) and then
/// renamed over the target.
/// </summary>
/// <remarks>
/// <para>On failure (for example a full disk) the temporary file is deleted, the target is left as it was, and the error
/// names the target and the cause.</para>
/// <para>A process killed while writing leaves its temporary file behind; the next successful write of the same target
/// deletes every such file whose process no longer runs (a file of a live process, another writer's, is left alone).</para>
/// <para>The directory itself is not flushed, so after a power failure (not a process crash) the rename may be lost and
/// the old file found instead; both are complete files.</para>
/// </remarks>
/// <example><code>
/// AtomicFile.Write("scores.bin", stream => stream.Write(bytes));
/// AtomicFile.WriteFile("plot.png", tmp => plot.SavePng(tmp, 800, 500));   // for writers that take a file name
/// </code></example>
public static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> writes into the stream.</summary>
    /// <param name="path">The file to create or replace; its directory must exist.</param>
    /// <param name="write">Writes the new contents.</param>
    /// <exception cref="IOException">The file cannot be written (the message names it and the cause, e.g.
    /// <c>No space left on device</c>); the previous file is unchanged.</exception>
    public static void Write(string path, Action<Stream> write)
        => Replace(path, WithStream(write), (fault, e) => new IOException($"{path}: {fault}", e));

    /// <summary>
    /// Replaces <paramref name="path"/> with the file that <paramref name="writeFile"/> creates at the temporary path it
    /// is given, for writers that take a file name rather than a stream.
    /// </summary>
    /// <param name="path">The file to create or replace; its directory must exist.</param>
    /// <param name="writeFile">Creates the file at the path it is given (in the target's directory).</param>
    /// <exception cref="IOException">The file cannot be written (the message names it and the cause); the previous file
    /// is unchanged.</exception>
    public static void WriteFile(string path, Action<string> writeFile)
        => Replace(path, WithPath(writeFile), (fault, e) => new IOException($"{path}: {fault}", e));

    internal static Action<string> WithStream(Action<Stream> write) => tmp =>
    {
        using var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write);
        write(stream);
        stream.Flush(flushToDisk: true);
    };

    private static Action<string> WithPath(Action<string> writeFile) => tmp =>
    {
        writeFile(tmp);
        using var stream = new FileStream(tmp, FileMode.Open, FileAccess.Write);
        stream.Flush(flushToDisk: true);
    };

    /// <summary>
    /// Writes the temporary file with <paramref name="writeTemporary"/> and renames it over <paramref name="path"/>; an
    /// I/O failure deletes the temporary file and throws what <paramref name="error"/> makes of the fault (e.g.
    /// <c>cannot write: No space left on device; the previous file is unchanged</c>) and the exception. Any other
    /// exception from <paramref name="writeTemporary"/> also deletes the temporary file and propagates unchanged.
    /// </summary>
    internal static void Replace(string path, Action<string> writeTemporary, Func<string, Exception, Exception> error)
    {
        string full, tmp;
        try
        {
            full = Path.GetFullPath(path);
            tmp = TemporaryPath(full);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException)
        {
            throw error("cannot write: " + e.Message, e);
        }
        try
        {
            writeTemporary(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e)
        {
            TryDelete(tmp);
            if (e is IOException or UnauthorizedAccessException)
            {
                var cause = e.Message.Replace($" : '{tmp}'", "", StringComparison.Ordinal).Replace(tmp, "the temporary file", StringComparison.Ordinal);
                throw error($"cannot write: {cause}; {(File.Exists(full) ? "the previous file is unchanged" : "no file was written")}", e);
            }
            throw;
        }
        RemoveStale(full);
    }

    /// <summary>A fresh temporary path beside <paramref name="fullPath"/>: <c>.NAME.PID.RANDOM.tmp</c>.</summary>
    internal static string TemporaryPath(string fullPath)
        => Path.Combine(Path.GetDirectoryName(fullPath) ?? ".",
            string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"));

    /// <summary>
    /// Deletes the temporary files of <paramref name="fullPath"/> (<see cref="TemporaryPath"/>) left by processes that no
    /// longer run; returns how many. Files of this process and of running ones are kept, and errors are ignored.
    /// </summary>
    internal static int RemoveStale(string fullPath)
    {
        var dir = Path.GetDirectoryName(fullPath) ?? ".";
        var prefix = "." + Path.GetFileName(fullPath) + ".";
        var removed = 0;
        try
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*.tmp"))
            {
                var name = Path.GetFileName(file);
                if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".tmp", StringComparison.Ordinal)) continue;
                var rest = name.AsSpan(prefix.Length, name.Length - prefix.Length - ".tmp".Length);
                var dot = rest.IndexOf('.');
                if (dot <= 0 || rest[(dot + 1)..].Contains('.')) continue;   // not ours: another file's temporary, e.g. NAME.x
                if (!int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
                if (pid == Environment.ProcessId || IsRunning(pid)) continue;
                if (TryDelete(file)) removed++;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return removed;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
        }
    }

    private static bool TryDelete(string file)
    {
        try
        {
            File.Delete(file);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
