using System.IO.Compression;
using System.Security.Cryptography;
using LanguageExt;
using LanguageExt.Common;

namespace Functional;

/// <summary>
/// Where Fashion-MNIST lives, and its download. The data set is not embedded in the library (30 MB): it is read from
/// Debian's <c>dataset-fashion-mnist</c> package when that is installed, else from a per-user cache that
/// <see cref="Download"/> fills from the data set's published location, as torchvision's
/// <c>FashionMNIST(download=True)</c> does.
/// </summary>
/// <example><code>
/// FashionMnist.Download().ThrowIfFail();        // once: ~/.cache/functional/fashion-mnist (no-op when present)
/// var data = Mnist.Load().ThrowIfFail();        // Debian's copy if installed, else the cache
/// </code></example>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the four files.</summary>
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The published location of the files (Zalando's mirror, the one torchvision downloads from).</summary>
    public const string DefaultSource = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    /// <summary>The four gzip-compressed IDX files, as published.</summary>
    public static System.Collections.Immutable.ImmutableArray<string> Files { get; } =
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    /// <summary>
    /// SHA-256 of each file's decompressed IDX bytes. The content is what is checked, not the gzip wrapper: Debian's
    /// package re-compressed the published files (its gzip headers carry no file name), so the .gz bytes differ while
    /// the data are identical. Computed from Debian's <c>dataset-fashion-mnist</c> 0.0~git20200523.55506a9-1.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, (string Sha256, long Length)> Expected = new Dictionary<string, (string, long)>
    {
        ["train-images-idx3-ubyte.gz"] = ("c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 47_040_016),
        ["train-labels-idx1-ubyte.gz"] = ("bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 60_008),
        ["t10k-images-idx3-ubyte.gz"] = ("5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 7_840_016),
        ["t10k-labels-idx1-ubyte.gz"] = ("0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 10_008),
    };

    /// <summary>
    /// The per-user cache: <c>$XDG_CACHE_HOME/functional/fashion-mnist</c> (or <c>~/.cache/functional/fashion-mnist</c>)
    /// on Linux, <c>functional/fashion-mnist</c> under the local application-data folder elsewhere.
    /// </summary>
    public static string CacheDirectory()
        => CacheDirectory(OperatingSystem.IsLinux(), Environment.GetEnvironmentVariable("XDG_CACHE_HOME"),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData));

    internal static string CacheDirectory(bool linux, string? xdgCacheHome, string home, string localAppData)
        => linux
            ? Path.Combine(!string.IsNullOrEmpty(xdgCacheHome) && Path.IsPathRooted(xdgCacheHome) ? xdgCacheHome : Path.Combine(home, ".cache"), "functional", "fashion-mnist")
            : Path.Combine(localAppData, "functional", "fashion-mnist");

    /// <summary>
    /// The directory <see cref="Mnist.Load"/> reads by default: <see cref="DebianDirectory"/> when it holds the four
    /// files, else <see cref="CacheDirectory()"/> (which <see cref="Download"/> fills).
    /// </summary>
    public static string DefaultDirectory() => DefaultDirectory(DebianDirectory, CacheDirectory());

    internal static string DefaultDirectory(string debian, string cache) => IsComplete(debian) ? debian : cache;

    /// <summary>True when each of the four files is in <paramref name="directory"/>, compressed or not.</summary>
    internal static bool IsComplete(string directory)
        => Files.All(f => File.Exists(Path.Combine(directory, f)) || File.Exists(Path.Combine(directory, f[..^3])));

    /// <summary>
    /// Downloads the four files into <paramref name="directory"/> (default <see cref="CacheDirectory()"/>), skipping any
    /// already there with the right content. Each file is written to a temporary file beside its final name, its
    /// decompressed SHA-256 checked against the published data, and only then renamed into place, so an interrupted or
    /// corrupt transfer never leaves a file under a final name. Returns the directory, or an error naming the file, the
    /// URL and what went wrong.
    /// </summary>
    /// <param name="directory">Where to put the files; null for <see cref="CacheDirectory()"/>.</param>
    /// <param name="source">The base URL the four names are appended to; null for <see cref="DefaultSource"/>.</param>
    /// <param name="timeout">How long the server may stay silent (to answer, or between two reads); default 60 s.</param>
    /// <param name="log">Where to report progress, one line per file; null for none.</param>
    public static Fin<string> Download(string? directory = null, string? source = null, TimeSpan? timeout = null, TextWriter? log = null)
    {
        var dir = directory ?? CacheDirectory();
        var baseUrl = source ?? DefaultSource;
        if (!Uri.TryCreate(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute, out var baseUri) ||
            baseUri.Scheme is not ("http" or "https"))
            return Error.New($"Fashion-MNIST download: the source '{baseUrl}' is not an http(s) URL");
        var silence = timeout ?? TimeSpan.FromSeconds(60);
        if (silence <= TimeSpan.Zero) return Error.New($"Fashion-MNIST download: the timeout must be positive, got {silence}");
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Error.New($"Fashion-MNIST download: cannot create {dir}: {e.Message}");
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        foreach (var file in Files)
        {
            var target = Path.Combine(dir, file);
            if (File.Exists(target) && Verify(target, file) is null)
            {
                log?.WriteLine($"{target}: present and verified");
                continue;
            }
            var url = new Uri(baseUri, file);
            log?.WriteLine($"downloading {url} -> {target}");
            var error = Fetch(http, url, target, file, silence);
            if (error is not null) return Error.New($"Fashion-MNIST download: {file} from {url}: {error}; no partial file was left in {dir}");
        }
        return dir;
    }

    /// <summary>Downloads one file through a temporary file, verifies it, renames it into place; null on success, else why not.</summary>
    static string? Fetch(HttpClient http, Uri url, string target, string file, TimeSpan silence)
    {
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{file}.{Guid.NewGuid():N}.part");
        try
        {
            var error = FetchAsync(http, url, temp, silence).GetAwaiter().GetResult() ?? Verify(temp, file);
            if (error is not null) return error;
            File.Move(temp, target, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write {temp}: {e.Message}";
        }
        finally
        {
            try { if (File.Exists(temp)) File.Delete(temp); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    static async Task<string?> FetchAsync(HttpClient http, Uri url, string temp, TimeSpan silence)
    {
        using var watchdog = new CancellationTokenSource(silence);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, watchdog.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return $"the server answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            var announced = response.Content.Headers.ContentLength;
            await using var body = await response.Content.ReadAsStreamAsync(watchdog.Token).ConfigureAwait(false);
            await using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            var buffer = new byte[1 << 16];
            long total = 0;
            while (true)
            {
                watchdog.CancelAfter(silence);               // the clock restarts with every read
                var n = await body.ReadAsync(buffer, watchdog.Token).ConfigureAwait(false);
                if (n == 0) break;
                await output.WriteAsync(buffer.AsMemory(0, n), watchdog.Token).ConfigureAwait(false);
                total += n;
            }
            if (announced is { } length && total != length) return $"the body ended after {total} of {length} bytes";
            await output.FlushAsync(watchdog.Token).ConfigureAwait(false);
            output.Flush(flushToDisk: true);
            return null;
        }
        catch (OperationCanceledException) when (watchdog.IsCancellationRequested)
        {
            return $"the server did not answer for {silence.TotalSeconds:0.###} s";
        }
        catch (HttpRequestException e)
        {
            return $"the request failed: {e.Message}";
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            return $"the transfer broke off: {e.Message}";
        }
    }

    /// <summary>Null when the file decompresses to the published data, else what is wrong.</summary>
    static string? Verify(string path, string file)
    {
        var (sha, length) = Expected[file];
        try
        {
            using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = stream.Read(buffer)) > 0) { hash.AppendData(buffer, 0, n); total += n; }
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            return actual == sha && total == length ? null
                : $"the decompressed data ({total} bytes) have SHA-256 {actual}, expected {sha} ({length} bytes): a corrupt, truncated or different file";
        }
        catch (InvalidDataException e)
        {
            return $"not a valid gzip file: {e.Message}";
        }
    }
}
