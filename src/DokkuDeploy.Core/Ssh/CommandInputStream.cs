namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// The stream handed to a caller's stdin writer. It gathers small writes into large ones (each write to
/// SSH.NET's channel stream becomes at least one SSH packet, so byte-sized writes would crawl), and it never
/// hangs: SSH.NET blocks a write forever when the remote command exits without reading all its input (no more
/// window space ever arrives), so every write also watches the command's end and the cancellation token.
/// Disposing it does nothing; <see cref="SshRemoteShell"/> flushes and sends EOF when the writer returns.
/// </summary>
internal sealed class CommandInputStream : Stream
{
    public const int BufferSize = 256 * 1024;

    private readonly Stream _channel;
    private readonly Task _commandEnded;
    private readonly CancellationToken _cancellationToken;
    private readonly TimeSpan _stallTimeout;
    private byte[] _buffer = new byte[BufferSize];
    private int _count;
    private Task? _stuckWrite;

    public CommandInputStream(Stream channel, Task commandEnded, CancellationToken cancellationToken, TimeSpan? stallTimeout = null)
    {
        _channel = channel;
        _commandEnded = commandEnded;
        _cancellationToken = cancellationToken;
        _stallTimeout = stallTimeout ?? SshConnectOptions.Default.InputStallTimeout;
    }

    public long BytesWritten { get; private set; }

    /// <summary>A send still blocked inside SSH.NET after the stream gave up on it; it ends when the channel or the connection closes.</summary>
    public Task? StuckWrite => _stuckWrite;

    /// <summary>True once a write could not complete because the remote command had ended.</summary>
    public bool RemoteStoppedReading { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        while (data.Length > 0)
        {
            if (_count == 0 && data.Length >= BufferSize)
            {
                await SendAsync(data, cancellationToken).ConfigureAwait(false);
                BytesWritten += data.Length;
                return;
            }

            var take = Math.Min(BufferSize - _count, data.Length);
            data.Span[..take].CopyTo(_buffer.AsSpan(_count));
            _count += take;
            BytesWritten += take;
            data = data[take..];
            if (_count == BufferSize)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(ReadOnlySpan<byte> buffer) =>
        WriteAsync(buffer.ToArray()).AsTask().GetAwaiter().GetResult();

    public override void WriteByte(byte value) => Write([value]);

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_count == 0)
        {
            return;
        }

        var pending = _buffer.AsMemory(0, _count);
        _count = 0;
        try
        {
            await SendAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A send that is still stuck in SSH.NET owns the old buffer; never reuse it.
            if (_stuckWrite is not null)
            {
                _buffer = new byte[BufferSize];
            }
        }
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // The owner closes the channel's input; a caller's `using` must not cut it short.
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_stuckWrite is not null)
        {
            throw RemoteEnded();
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, cancellationToken);
        // On a thread of its own: SSH.NET's write can block its caller outright (a socket whose peer stopped
        // reading), and then no watchdog below could ever run.
        var send = Task.Run(() => _channel.Write(data.Span), CancellationToken.None);
        var cancelled = Task.Delay(Timeout.Infinite, linked.Token);
        var stalled = Task.Delay(_stallTimeout, linked.Token);
        var first = await Task.WhenAny(send, _commandEnded, cancelled, stalled).ConfigureAwait(false);
        if (first == send || send.IsCompleted)
        {
            await send.ConfigureAwait(false);
            return;
        }

        if (first == _commandEnded)
        {
            // The command may have ended just after reading the last bytes: give the send a moment to finish.
            var late = await Task.WhenAny(send, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
            if (late == send)
            {
                await send.ConfigureAwait(false);
                return;
            }
        }

        _stuckWrite = send;
        _ = send.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        if (first == cancelled || (first == stalled && linked.Token.IsCancellationRequested))
        {
            linked.Token.ThrowIfCancellationRequested();
        }

        if (first == stalled)
        {
            throw new Renci.SshNet.Common.SshConnectionException(
                $"the link took no data for {_stallTimeout.TotalSeconds:0} s while the command's input was being sent");
        }

        RemoteStoppedReading = true;
        throw RemoteEnded();
    }

    private static IOException RemoteEnded() =>
        new RemoteStoppedReadingException();
}
