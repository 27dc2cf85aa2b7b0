using System.Net.Sockets;
using System.Text;

namespace DokkuDeploy.Tests.Docker;

/// <summary>
/// A Docker engine on a real unix socket that takes the connection and reads the request, then answers
/// `/version` only when <see cref="Answer"/> is called: a stand-in for a socket-activated engine still starting.
/// </summary>
sealed class SlowUnixEngine : IDisposable
{
    const string VersionJson = """{"Version":"0.0-slow","ApiVersion":"1.41"}""";

    readonly string directory = Path.Combine(Path.GetTempPath(), "dd-engine-" + Guid.NewGuid().ToString("N")[..8]);
    readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    readonly TaskCompletionSource requestRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly CancellationTokenSource stop = new();
    readonly List<Socket> connections = new();

    public SlowUnixEngine()
    {
        Directory.CreateDirectory(directory);
        SocketPath = Path.Combine(directory, "engine.sock");
        listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        listener.Listen();
        _ = ServeAsync();
    }

    public string SocketPath { get; }

    public Uri Uri => new("unix://" + SocketPath);

    /// <summary>Completes once a client has connected and sent its whole request.</summary>
    public Task RequestRead => requestRead.Task;

    public void Answer() => answer.TrySetResult();

    async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                var connection = await listener.AcceptAsync(stop.Token);
                lock (connections)
                    connections.Add(connection);
                _ = HandleAsync(connection);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    async Task HandleAsync(Socket connection)
    {
        try
        {
            await ReadRequestHeadAsync(connection);
            requestRead.TrySetResult();
            await answer.Task.WaitAsync(stop.Token);
            var body = Encoding.UTF8.GetBytes(VersionJson);
            var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await connection.SendAsync(Encoding.ASCII.GetBytes(head).Concat(body).ToArray(), SocketFlags.None, stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    async Task ReadRequestHeadAsync(Socket connection)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n"))
        {
            var read = await connection.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
            if (read == 0)
                throw new SocketException((int)SocketError.ConnectionReset);
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Dispose();
        lock (connections)
            connections.ForEach(c => c.Dispose());
        Directory.Delete(directory, recursive: true);
        stop.Dispose();
    }
}
