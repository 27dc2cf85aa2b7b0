using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Web;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// Just enough of the Docker Engine API on a Unix socket to catch what <c>docker build</c> uploads:
/// it answers <c>/_ping</c>, keeps the body of <c>POST /build</c> (the build context tar exactly as the
/// CLI made it, .dockerignore applied) under the image tag, and answers with a build stream that stops
/// there. This compares the CLI's context with ours without building an image for each pattern.
/// </summary>
sealed class DockerIgnoreParityDaemon : IAsyncDisposable
{
    readonly Socket listener;
    readonly CancellationTokenSource stop = new();
    readonly Task acceptLoop;
    readonly ConcurrentDictionary<string, (byte[] Tar, string? Dockerfile)> contexts = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<string> unexpected = new();

    public DockerIgnoreParityDaemon(string socketPath)
    {
        SocketPath = socketPath;
        listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(64);
        acceptLoop = AcceptAsync();
    }

    public string SocketPath { get; }

    public string DockerHost => "unix://" + SocketPath;

    /// <summary>Requests other than ping and build, for the failure message.</summary>
    public IEnumerable<string> Unexpected => unexpected;

    /// <summary>The context tar uploaded by a build tagged <paramref name="tag"/>, or null.</summary>
    public byte[]? ContextFor(string tag) => contexts.TryGetValue(tag, out var upload) ? upload.Tar : null;

    /// <summary>The Dockerfile path the CLI named for that build (its "dockerfile" parameter).</summary>
    public string? DockerfileFor(string tag) => contexts.TryGetValue(tag, out var upload) ? upload.Dockerfile : null;

    async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var connection = await listener.AcceptAsync(stop.Token);
                connections.Add(ServeAsync(connection));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(connections);
    }

    async Task ServeAsync(Socket connection)
    {
        using var _ = connection;
        await using var stream = new NetworkStream(connection, ownsSocket: false);
        var reader = new HttpRequestReader(stream);
        try
        {
            while (await reader.ReadHeadAsync(stop.Token) is { } head)
            {
                var body = await reader.ReadBodyAsync(head, stop.Token);
                var path = head.Target.Split('?')[0];
                if (path.EndsWith("/_ping", StringComparison.Ordinal))
                {
                    await RespondAsync(stream, 200, "text/plain; charset=utf-8", head.Method == "HEAD" ? "" : "OK", extra: "Api-Version: 1.41\r\nOstype: linux\r\nDocker-Experimental: false\r\n");
                }
                else if (head.Method == "POST" && path.EndsWith("/build", StringComparison.Ordinal))
                {
                    var query = HttpUtility.ParseQueryString(head.Target.Contains('?') ? head.Target[(head.Target.IndexOf('?') + 1)..] : "");
                    contexts[query["t"] ?? ""] = (body, query["dockerfile"]);
                    await RespondAsync(stream, 200, "application/json", "{\"stream\":\"context captured\\n\"}\r\n" +
                        "{\"errorDetail\":{\"message\":\"context captured\"},\"error\":\"context captured\"}\r\n");
                }
                else
                {
                    unexpected.Enqueue($"{head.Method} {head.Target}");
                    await RespondAsync(stream, 404, "application/json", "{\"message\":\"not part of the parity daemon\"}");
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
        }
    }

    static async Task RespondAsync(Stream stream, int status, string contentType, string body, string extra = "")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Not Found")}\r\nContent-Type: {contentType}\r\n{extra}Content-Length: {bytes.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Dispose();
        await acceptLoop;
        File.Delete(SocketPath);
        stop.Dispose();
    }

    sealed record RequestHead(string Method, string Target, IReadOnlyDictionary<string, string> Headers);

    /// <summary>HTTP/1.1 requests off a stream: heads, then bodies by Content-Length or chunked encoding.</summary>
    sealed class HttpRequestReader(Stream stream)
    {
        readonly byte[] buffer = new byte[64 * 1024];
        int start, end;

        public async Task<RequestHead?> ReadHeadAsync(CancellationToken ct)
        {
            var requestLine = await ReadLineAsync(ct);
            if (requestLine is null)
                return null;
            var parts = requestLine.Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (await ReadLineAsync(ct) is { Length: > 0 } line)
            {
                var colon = line.IndexOf(':');
                if (colon > 0)
                    headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            return new RequestHead(parts[0], parts.Length > 1 ? parts[1] : "/", headers);
        }

        public async Task<byte[]> ReadBodyAsync(RequestHead head, CancellationToken ct)
        {
            using var body = new MemoryStream();
            if (head.Headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                while (true)
                {
                    var sizeLine = await ReadLineAsync(ct) ?? throw new IOException("chunked body cut short");
                    var size = Convert.ToInt64(sizeLine.Split(';')[0].Trim(), 16);
                    if (size == 0)
                    {
                        while (await ReadLineAsync(ct) is { Length: > 0 })
                        {
                        }

                        break;
                    }

                    await CopyAsync(body, size, ct);
                    await ReadLineAsync(ct);
                }
            }
            else if (head.Headers.TryGetValue("Content-Length", out var length))
            {
                await CopyAsync(body, long.Parse(length, System.Globalization.CultureInfo.InvariantCulture), ct);
            }

            return body.ToArray();
        }

        async Task CopyAsync(Stream destination, long count, CancellationToken ct)
        {
            while (count > 0)
            {
                if (start == end && !await FillAsync(ct))
                    throw new IOException("body cut short");
                var take = (int)Math.Min(count, end - start);
                destination.Write(buffer, start, take);
                start += take;
                count -= take;
            }
        }

        async Task<string?> ReadLineAsync(CancellationToken ct)
        {
            var line = new List<byte>();
            while (true)
            {
                if (start == end && !await FillAsync(ct))
                    return line.Count == 0 ? null : Encoding.Latin1.GetString(line.ToArray());
                var b = buffer[start++];
                if (b == '\n')
                    return Encoding.Latin1.GetString(line.ToArray()).TrimEnd('\r');
                line.Add(b);
            }
        }

        async Task<bool> FillAsync(CancellationToken ct)
        {
            start = 0;
            end = await stream.ReadAsync(buffer, ct);
            return end > 0;
        }
    }
}
