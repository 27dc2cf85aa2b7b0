using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DokkuDeploy.Tests.Deploy;

/// <summary>An HTTP server on 127.0.0.1 that gives every request one fixed answer and records the Host header it saw.</summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly string response;
    readonly Task serving;
    readonly CancellationTokenSource stop = new();

    public LoopbackHttpServer(int status, string reason, string? server)
    {
        response = $"HTTP/1.1 {status} {reason}\r\n{(server is null ? "" : $"Server: {server}\r\n")}Content-Length: 0\r\nConnection: close\r\n\r\n";
        listener.Start();
        serving = ServeAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public List<string> HostHeaders { get; } = [];

    async Task ServeAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                string? line;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(stop.Token)))
                {
                    if (line.StartsWith("Host:", StringComparison.OrdinalIgnoreCase))
                    {
                        lock (HostHeaders)
                        {
                            HostHeaders.Add(line[5..].Trim());
                        }
                    }
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await serving;
        }
        catch (SocketException)
        {
        }

        stop.Dispose();
    }
}
