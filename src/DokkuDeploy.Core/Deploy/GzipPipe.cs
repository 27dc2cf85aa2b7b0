using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using System.Threading.Channels;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// A write-only stream that gzips what is written (fastest level) and hands the result, in chunks, to a task of its
/// own that writes them to <paramref name="destination"/> (the SSH channel): the writer compresses the next chunk
/// while the link carries the last one. At most <see cref="QueuedChunks"/> chunks wait, so memory stays a few MB
/// however large the image. <see cref="CompleteAsync"/> ends the gzip stream and waits until it was all sent.
/// </summary>
sealed class GzipPipe : Stream
{
    internal const int ChunkSize = 256 * 1024;

    internal const int QueuedChunks = 8;

    readonly Channel<Chunk> queue = Channel.CreateBounded<Chunk>(
        new BoundedChannelOptions(QueuedChunks) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    readonly ChunkSink sink = new();
    readonly GZipStream gzip;
    readonly CancellationTokenSource stop;
    readonly Task sending;
    readonly Stopwatch compressing = new();
    readonly Stopwatch clock = Stopwatch.StartNew();
    long imageBytesSent;
    long senderWaitedTicks;

    public GzipPipe(Stream destination, CancellationToken cancellationToken)
    {
        gzip = new GZipStream(sink, CompressionLevel.Fastest, leaveOpen: true);
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        sending = Task.Run(() => SendAsync(destination, stop.Token));
    }

    /// <summary>Bytes written in: the image bytes.</summary>
    public long ImageBytes { get; private set; }

    /// <summary>Image bytes that what was sent so far carries: for an honest "of about N MB" and time left.</summary>
    public long ImageBytesSent => Interlocked.Read(ref imageBytesSent);

    /// <summary>Whether the link, not the compressor, set the pace: the sender seldom waited for a chunk.</summary>
    public bool LinkBound => TimeSpan.FromTicks(Interlocked.Read(ref senderWaitedTicks)) < clock.Elapsed * 0.25;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        compressing.Start();
        gzip.Write(buffer.Span);
        ImageBytes += buffer.Length;
        compressing.Stop();
        await QueueFullChunksAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the gzip stream, and returns once every byte of it went to the destination.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await gzip.DisposeAsync().ConfigureAwait(false);
        sink.CloseChunk();
        await QueueFullChunksAsync(cancellationToken).ConfigureAwait(false);
        queue.Writer.TryComplete();
        await sending.ConfigureAwait(false);
    }

    async Task QueueFullChunksAsync(CancellationToken cancellationToken)
    {
        while (sink.TakeFull() is { } full)
        {
            try
            {
                await queue.Writer.WriteAsync(new Chunk(full.Buffer, full.Length, ImageBytes), cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                ArrayPool<byte>.Shared.Return(full.Buffer);
                await sending.ConfigureAwait(false);
                throw;
            }
        }
    }

    async Task SendAsync(Stream destination, CancellationToken cancellationToken)
    {
        try
        {
            var reader = queue.Reader;
            while (true)
            {
                var waited = Stopwatch.GetTimestamp();
                if (!await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                Interlocked.Add(ref senderWaitedTicks, Stopwatch.GetElapsedTime(waited).Ticks);
                while (reader.TryRead(out var chunk))
                {
                    try
                    {
                        // Set first: the progress line the write may print counts this chunk.
                        Interlocked.Exchange(ref imageBytesSent, chunk.ImageBytes);
                        await destination.WriteAsync(chunk.Buffer.AsMemory(0, chunk.Length), cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(chunk.Buffer);
                    }
                }
            }
        }
        catch (Exception e)
        {
            // The writer, waiting for room, learns of it at once instead of hanging on a full queue.
            queue.Writer.TryComplete(e);
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Not waited for: a write stuck on a dead SSH channel may never return. What it holds goes back to the pool.
            stop.Cancel();
            queue.Writer.TryComplete();
            while (queue.Reader.TryRead(out var chunk))
            {
                ArrayPool<byte>.Shared.Return(chunk.Buffer);
            }

            gzip.Dispose();
            sink.Dispose();
        }

        base.Dispose(disposing);
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => ImageBytes; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    readonly record struct Chunk(byte[] Buffer, int Length, long ImageBytes);
}
