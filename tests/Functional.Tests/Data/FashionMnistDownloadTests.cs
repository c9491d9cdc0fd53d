using System.Net;
using System.Net.Sockets;
using System.Text;
using Functional;

namespace Functional.Tests.Data;

/// <summary>
/// <see cref="FashionMnist.Download"/> against a small HTTP server on 127.0.0.1 that this test starts: it serves
/// Debian's copy of the files, or misbehaves on purpose. No request leaves the machine.
/// </summary>
public sealed class FashionMnistDownloadTests : IDisposable
{
    readonly string cache = Directory.CreateTempSubdirectory("functional-fmnist-").FullName;

    public void Dispose() => Directory.Delete(cache, recursive: true);

    static bool DebianFilesPresent => FashionMnist.Files.All(f => File.Exists(Path.Combine(FashionMnist.DebianDirectory, f)));

    enum Mode { Serve, NotFound, WrongBytes, Truncated, Silent }

    /// <summary>A one-thread HTTP/1.1 server: one request per connection, answered according to <see cref="Mode"/>.</summary>
    sealed class Server : IDisposable
    {
        readonly TcpListener listener = new(IPAddress.Loopback, 0);
        readonly CancellationTokenSource stop = new();
        readonly Task loop;
        readonly Mode mode;
        public int Requests;

        public Server(Mode mode)
        {
            this.mode = mode;
            listener.Start();
            loop = Task.Run(Loop);
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/files/";

        async Task Loop()
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(stop.Token); }
                catch (Exception) { return; }
                using (client)
                {
                    try { await Answer(client.GetStream()); }
                    catch (Exception e) when (e is IOException or SocketException or OperationCanceledException) { }
                }
            }
        }

        async Task Answer(NetworkStream stream)
        {
            var request = new StringBuilder();
            var buffer = new byte[4096];
            while (!request.ToString().Contains("\r\n\r\n"))
            {
                var n = await stream.ReadAsync(buffer, stop.Token);
                if (n == 0) return;
                request.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            Interlocked.Increment(ref Requests);
            var path = request.ToString().Split(' ')[1];
            var name = path.StartsWith("/files/") ? path["/files/".Length..] : "";
            var file = Path.Combine(FashionMnist.DebianDirectory, name);
            if (mode == Mode.NotFound || !FashionMnist.Files.Contains(name) || !File.Exists(file))
            {
                await Head(stream, "404 Not Found", 0);
                return;
            }
            var body = await File.ReadAllBytesAsync(file);
            switch (mode)
            {
                case Mode.Serve:
                    await Head(stream, "200 OK", body.Length);
                    await stream.WriteAsync(body, stop.Token);
                    break;
                case Mode.WrongBytes:                 // a valid gzip file of the wrong content (another of the four)
                    var other = await File.ReadAllBytesAsync(Path.Combine(FashionMnist.DebianDirectory,
                        name == "t10k-labels-idx1-ubyte.gz" ? "train-labels-idx1-ubyte.gz" : "t10k-labels-idx1-ubyte.gz"));
                    await Head(stream, "200 OK", other.Length);
                    await stream.WriteAsync(other, stop.Token);
                    break;
                case Mode.Truncated:                  // announces the whole file, sends half, hangs up
                    await Head(stream, "200 OK", body.Length);
                    await stream.WriteAsync(body.AsMemory(0, body.Length / 2), stop.Token);
                    break;
                case Mode.Silent:                     // headers and a little, then nothing until the client gives up
                    await Head(stream, "200 OK", body.Length);
                    await stream.WriteAsync(body.AsMemory(0, 100), stop.Token);
                    await Task.Delay(Timeout.Infinite, stop.Token);
                    break;
            }
        }

        async Task Head(NetworkStream stream, string status, long length)
        {
            var head = $"HTTP/1.1 {status}\r\nContent-Type: application/octet-stream\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop.Token);
            await stream.FlushAsync(stop.Token);
        }

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
            try { loop.Wait(TimeSpan.FromSeconds(10)); } catch (AggregateException) { }
            stop.Dispose();
        }
    }

    [Fact]
    public void Downloads_the_four_files_verifies_them_and_loads()
    {
        if (!DebianFilesPresent) return;   // the server serves Debian's copy; CI installs dataset-fashion-mnist
        using var server = new Server(Mode.Serve);
        var log = new StringWriter();
        var dir = FashionMnist.Download(cache, server.Url, TimeSpan.FromSeconds(30), log).ThrowIfFail();
        Assert.Equal(cache, dir);
        Assert.Equal(4, server.Requests);
        Assert.Equal(FashionMnist.Files.Order(), Directory.GetFiles(cache).Select(Path.GetFileName).Order());
        foreach (var f in FashionMnist.Files)
            Assert.Equal(File.ReadAllBytes(Path.Combine(FashionMnist.DebianDirectory, f)), File.ReadAllBytes(Path.Combine(cache, f)));
        Assert.Contains("downloading " + server.Url + "train-images-idx3-ubyte.gz", log.ToString());

        var data = Mnist.Load(cache).ThrowIfFail();
        Assert.Equal(60_000, data.Train.Count);
        Assert.Equal(10_000, data.Test.Count);

        // A second call finds the files verified and fetches nothing.
        FashionMnist.Download(cache, server.Url, TimeSpan.FromSeconds(30)).ThrowIfFail();
        Assert.Equal(4, server.Requests);
    }

    [Fact]
    public void A_corrupt_file_in_the_cache_is_fetched_again()
    {
        if (!DebianFilesPresent) return;
        using var server = new Server(Mode.Serve);
        foreach (var f in FashionMnist.Files) File.Copy(Path.Combine(FashionMnist.DebianDirectory, f), Path.Combine(cache, f));
        File.WriteAllBytes(Path.Combine(cache, "t10k-labels-idx1-ubyte.gz"), [1, 2, 3]);
        FashionMnist.Download(cache, server.Url, TimeSpan.FromSeconds(30)).ThrowIfFail();
        Assert.Equal(1, server.Requests);
        Assert.Equal(File.ReadAllBytes(Path.Combine(FashionMnist.DebianDirectory, "t10k-labels-idx1-ubyte.gz")),
            File.ReadAllBytes(Path.Combine(cache, "t10k-labels-idx1-ubyte.gz")));
    }

    string Fails(Mode mode, TimeSpan timeout)
    {
        using var server = new Server(mode);
        var result = FashionMnist.Download(cache, server.Url, timeout);
        Assert.True(result.IsFail);
        Assert.Empty(Directory.GetFileSystemEntries(cache));   // no file, not even a temporary one
        var message = result.Match(_ => "", e => e.Message);
        Assert.Contains("train-images-idx3-ubyte.gz", message);
        Assert.Contains(server.Url + "train-images-idx3-ubyte.gz", message);
        return message;
    }

    [Fact]
    public void A_404_is_a_clear_error_and_leaves_nothing()
        => Assert.Contains("HTTP 404", Fails(Mode.NotFound, TimeSpan.FromSeconds(30)));

    [Fact]
    public void A_wrong_checksum_is_a_clear_error_and_leaves_nothing()
    {
        if (!DebianFilesPresent) return;
        var message = Fails(Mode.WrongBytes, TimeSpan.FromSeconds(30));
        Assert.Contains(FashionMnist.Expected["train-images-idx3-ubyte.gz"].Sha256, message);
    }

    [Fact]
    public void A_truncated_body_is_a_clear_error_and_leaves_nothing()
    {
        if (!DebianFilesPresent) return;
        var message = Fails(Mode.Truncated, TimeSpan.FromSeconds(30));
        Assert.True(message.Contains("broke off") || message.Contains("ended after") || message.Contains("request failed"), message);
    }

    [Fact]
    public void A_server_that_stops_answering_times_out_and_leaves_nothing()
    {
        if (!DebianFilesPresent) return;
        Assert.Contains("did not answer for 0.5 s", Fails(Mode.Silent, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public void A_source_that_is_not_http_is_refused()
    {
        var result = FashionMnist.Download(cache, "ftp://127.0.0.1/x/");
        Assert.Contains("not an http(s) URL", result.Match(_ => "", e => e.Message));
    }

    [Fact]
    public void The_default_directory_is_debian_when_complete_else_the_cache()
    {
        var debian = Directory.CreateTempSubdirectory("functional-debian-").FullName;
        try
        {
            Assert.Equal("/c", FashionMnist.DefaultDirectory(debian, "/c"));
            foreach (var f in FashionMnist.Files.Skip(1)) File.WriteAllBytes(Path.Combine(debian, f), []);
            Assert.Equal("/c", FashionMnist.DefaultDirectory(debian, "/c"));
            File.WriteAllBytes(Path.Combine(debian, FashionMnist.Files[0][..^3]), []);   // uncompressed counts too
            Assert.Equal(debian, FashionMnist.DefaultDirectory(debian, "/c"));
        }
        finally { Directory.Delete(debian, true); }
    }

    [Fact]
    public void The_cache_follows_xdg_on_linux_and_local_app_data_elsewhere()
    {
        Assert.Equal("/x/functional/fashion-mnist", FashionMnist.CacheDirectory(true, "/x", "/home/u", "/l"));
        Assert.Equal("/home/u/.cache/functional/fashion-mnist", FashionMnist.CacheDirectory(true, null, "/home/u", "/l"));
        Assert.Equal("/home/u/.cache/functional/fashion-mnist", FashionMnist.CacheDirectory(true, "relative", "/home/u", "/l"));
        Assert.Equal(Path.Combine("/l", "functional", "fashion-mnist"), FashionMnist.CacheDirectory(false, "/x", "/home/u", "/l"));
    }
}
