using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// A relay the test controls, in front of the test bed's sshd (TCP on 127.0.0.1) or its Docker engine
/// (a Unix socket): it can slow the client's upload to a rate, and cut the connection (both sockets
/// reset) once the client has sent, or the server has answered, a number of bytes, as a network or a
/// daemon that dies in the middle of the image transfer would; or freeze it there (nothing more
/// relayed either way, no socket closed), as a link that silently stops carrying packets does.
/// </summary>
sealed class FaultRelay : IAsyncDisposable
{
    const int ChunkSize = 16 * 1024;

    readonly Socket listener;
    readonly EndPoint target;
    readonly string? listenPath;
    readonly CancellationTokenSource stop = new();
    readonly TaskCompletionSource<TimeSpan> cut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly List<Task> connections = [];
    readonly Task accepting;
    long clientBytes;
    long serverBytes;

    /// <summary>A TCP relay on 127.0.0.1 (a free port) to HOST:PORT.</summary>
    public FaultRelay(string targetHost, int targetPort, long? cutAfterClientBytes = null, long? clientBytesPerSecond = null, bool freezeInsteadOfCut = false)
        : this(new IPEndPoint(IPAddress.Loopback, 0), new IPEndPoint(IPAddress.Parse(targetHost), targetPort), cutAfterClientBytes, null, clientBytesPerSecond, freezeInsteadOfCut)
    {
    }

    /// <summary>A Unix socket relay at LISTENPATH to the socket TARGETPATH.</summary>
    public FaultRelay(string listenPath, string targetPath, long? cutAfterServerBytes)
        : this(new UnixDomainSocketEndPoint(listenPath), new UnixDomainSocketEndPoint(targetPath), null, cutAfterServerBytes, null, false)
    {
    }

    FaultRelay(EndPoint listenOn, EndPoint target, long? cutAfterClientBytes, long? cutAfterServerBytes, long? clientBytesPerSecond, bool freezeInsteadOfCut)
    {
        this.target = target;
        listenPath = (listenOn as UnixDomainSocketEndPoint)?.ToString();
        CutAfterClientBytes = cutAfterClientBytes;
        CutAfterServerBytes = cutAfterServerBytes;
        FreezeInsteadOfCut = freezeInsteadOfCut;
        ClientBytesPerSecond = clientBytesPerSecond;
        listener = NewSocket(listenOn);
        listener.Bind(listenOn);
        listener.Listen();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndPoint!).Port;

    /// <summary>
    /// Upload budget of all connections together; once reached, the connection that crossed it is reset.
    /// Only that one: connections made after the cut pass, as after a dropped connection to a server that
    /// is still there (a frozen link, <see cref="FreezeInsteadOfCut"/>, stays frozen for new ones too).
    /// </summary>
    public long? CutAfterClientBytes { get; }

    /// <summary>The same for the answers: bytes from the server to the client, over all connections.</summary>
    public long? CutAfterServerBytes { get; }

    public long? ClientBytesPerSecond { get; }

    /// <summary>At the cut, stop relaying but keep both sockets open until the relay is disposed.</summary>
    public bool FreezeInsteadOfCut { get; }

    /// <summary>Bytes relayed from the client to the server so far, over all connections.</summary>
    public long ClientBytes => Interlocked.Read(ref clientBytes);

    /// <summary>Bytes relayed from the server to the client so far, over all connections.</summary>
    public long ServerBytes => Interlocked.Read(ref serverBytes);

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
                client = await listener.AcceptAsync(stop.Token);
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
        using var server = NewSocket(target);
        using (client)
        {
            try
            {
                await server.ConnectAsync(target, stop.Token);
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

                var (limit, relayed) = upload ? (CutAfterClientBytes, ClientBytes) : (CutAfterServerBytes, ServerBytes);
                if (limit is { } budget && !cut.Task.IsCompleted && relayed + read >= budget)
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
                    Interlocked.Add(ref serverBytes, read);
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

    static Socket NewSocket(EndPoint endPoint) => endPoint is UnixDomainSocketEndPoint
        ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    static void Reset(Socket socket)
    {
        try
        {
            if (socket.AddressFamily != AddressFamily.Unix)
            {
                socket.LingerState = new LingerOption(true, 0);
            }

            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Close();
        await accepting;
        Task[] open;
        lock (connections)
        {
            open = [.. connections];
        }

        await Task.WhenAll(open);
        stop.Dispose();
        if (listenPath is not null)
        {
            File.Delete(listenPath);
        }
    }
}
