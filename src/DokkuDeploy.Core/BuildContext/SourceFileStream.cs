namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// Exactly <see cref="Length"/> bytes of an open file, the length the tar header promised. A file that
/// grows while it is copied would otherwise corrupt the tar; one that shrinks fails loudly. Read errors
/// come out as <see cref="SourceReadException"/> so the writer can tell them from errors of its output.
/// </summary>
internal sealed class SourceFileStream(FileStream file, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        int read;
        try
        {
            read = file.Read(buffer[..wanted]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SourceReadException(e);
        }

        return Advance(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        int read;
        try
        {
            read = await file.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SourceReadException(e);
        }

        return Advance(read);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        file.Position = target;
        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Advance(int read)
    {
        if (read == 0)
        {
            throw new SourceReadException(new IOException($"The file got shorter while it was read ({_position} of {length} bytes)."));
        }

        _position += read;
        return read;
    }
}

/// <summary>Reading a context file failed (not writing the tar).</summary>
internal sealed class SourceReadException(Exception inner) : IOException(inner.Message, inner);
