using System.Buffers;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// Where <see cref="GzipPipe"/>'s compressor writes: collects its output into pooled chunks of
/// <see cref="GzipPipe.ChunkSize"/>, to be queued for the sender once the compressor's call returned.
/// </summary>
sealed class ChunkSink : Stream
{
    readonly Queue<(byte[] Buffer, int Length)> full = new();
    byte[]? current;
    int used;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            current ??= ArrayPool<byte>.Shared.Rent(GzipPipe.ChunkSize);
            var take = Math.Min(buffer.Length, GzipPipe.ChunkSize - used);
            buffer[..take].CopyTo(current.AsSpan(used));
            used += take;
            buffer = buffer[take..];
            if (used == GzipPipe.ChunkSize)
            {
                CloseChunk();
            }
        }
    }

    /// <summary>Ends the chunk being filled, full or not (at the end of the stream).</summary>
    public void CloseChunk()
    {
        if (current is not null && used > 0)
        {
            full.Enqueue((current, used));
            current = null;
            used = 0;
        }
    }

    public (byte[] Buffer, int Length)? TakeFull() => full.TryDequeue(out var chunk) ? chunk : null;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>A copy into memory: the base class would hop to the thread pool for it (the gzip stream's last block).</summary>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (current is not null)
            {
                ArrayPool<byte>.Shared.Return(current);
                current = null;
            }

            while (full.TryDequeue(out var chunk))
            {
                ArrayPool<byte>.Shared.Return(chunk.Buffer);
            }
        }

        base.Dispose(disposing);
    }

    public override void Flush()
    {
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
