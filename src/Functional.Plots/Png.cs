namespace Functional.Plots;

/// <summary>Writes PNG files atomically: render to a temporary file beside the target, then rename it into place.</summary>
internal static class Png
{
    public static void Save(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp.png");
        try
        {
            write(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    public static void Check(int width, int height)
    {
        if (width < 16 || height < 16 || width > 8192 || height > 8192)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height} is outside 16..8192 pixels");
    }
}
