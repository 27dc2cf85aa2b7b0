using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of the test bed's sshd that the test controls: it can slow the
/// client's upload to a rate, and cut the connection (both sockets reset) once the client has sent a
/// number of bytes, as a network that drops in the middle of the image transfer would; or freeze it
/// there (nothing more relayed either way, no socket closed), as a link that silently stops carrying
/// packets does.
/// </summary>
sealed class FaultRelay : IAsyncDisposable
{
    const int ChunkSize = 16 * 1024;

    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly string targetHost;
    readonly int targetPort;
    readonly CancellationTokenSource stop = new();
    readonly TaskCompletionSource<TimeSpan> cut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly List<Task> connections = [];
    readonly Task accepting;
    long clientBytes;

    public FaultRelay(string targetHost, int targetPort, long? cutAfterClientBytes = null, long? clientBytesPerSecond = null, bool freezeInsteadOfCut = false)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        CutAfterClientBytes = cutAfterClientBytes;
        FreezeInsteadOfCut = freezeInsteadOfCut;
        ClientBytesPerSecond = clientBytesPerSecond;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Upload budget of all connections together; once reached, the connection that crossed it is reset.</summary>
    public long? CutAfterClientBytes { get; }

    public long? ClientBytesPerSecond { get; }

    /// <summary>At the cut, stop relaying but keep both sockets open until the relay is disposed.</summary>
    public bool FreezeInsteadOfCut { get; }

    /// <summary>Bytes relayed from the client to sshd so far, over all connections.</summary>
    public long ClientBytes => Interlocked.Read(ref clientBytes);

    /// <summary>Completes when the relay cut (or froze) a connection, with the relay clock's time of the cut.</summary>
    public Task<TimeSpan> Cut => cut.Task;

    /// <summary>The relay's clock, for timing what follows a cut.</summary>
    public TimeSpan Elapsed => clock.Elapsed;

    async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (connections)
            {
                connections.Add(RelayAsync(client));
            }
        }
    }

    async Task RelayAsync(Socket client)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (client)
        {
            try
            {
                await server.ConnectAsync(targetHost, targetPort, stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                Reset(client);
                return;
            }

            using var both = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            var up = PumpAsync(client, server, upload: true, both);
            var down = PumpAsync(server, client, upload: false, both);
            await Task.WhenAny(up, down);
            await both.CancelAsync();
            await Task.WhenAll(up, down);
        }
    }

    async Task PumpAsync(Socket from, Socket to, bool upload, CancellationTokenSource both)
    {
        var buffer = new byte[ChunkSize];
        var started = clock.Elapsed;
        long sent = 0;
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, both.Token);
                if (FreezeInsteadOfCut && cut.Task.IsCompleted)
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }

                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (upload && CutAfterClientBytes is { } limit && ClientBytes + read >= limit)
                {
                    if (FreezeInsteadOfCut)
                    {
                        // Neither pump reads or writes again: the client's sends fill the socket buffers and stall.
                        cut.TrySetResult(clock.Elapsed);
                        await Task.Delay(Timeout.Infinite, stop.Token);
                    }

                    // The cut: what was read is dropped, and both ends get a reset, not a polite close.
                    Reset(from);
                    Reset(to);
                    cut.TrySetResult(clock.Elapsed);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, both.Token);
                if (!upload)
                {
                    continue;
                }

                Interlocked.Add(ref clientBytes, read);
                sent += read;
                if (ClientBytesPerSecond is { } rate)
                {
                    var due = started + TimeSpan.FromSeconds((double)sent / rate);
                    var wait = due - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, both.Token);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // One side went away or the relay stops: the other pump ends with it.
        }
    }

    static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        Task[] open;
        lock (connections)
        {
            open = [.. connections];
        }

        await Task.WhenAll(open);
        stop.Dispose();
    }
}
