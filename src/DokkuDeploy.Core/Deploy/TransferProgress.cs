using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// A write-only stream in front of the SSH channel that counts what is sent and reports it at most
/// about once a second: bytes of the expected total, rate, time left. When the bytes are compressed on the way,
/// <see cref="ImageBytesSent"/> tells how much of the image they carry: the total and the time left are in those.
/// </summary>
sealed class TransferProgress(Stream inner, IDeployLog log, long expectedBytes, TimeProvider? time = null) : Stream
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    readonly TimeProvider time = time ?? TimeProvider.System;
    readonly long started = (time ?? TimeProvider.System).GetTimestamp();
    TimeSpan nextReport = Interval;

    TimeSpan Elapsed => time.GetElapsedTime(started);

    public long Total { get; private set; }

    /// <summary>The image bytes what was sent carries; null when they are the bytes sent.</summary>
    public Func<long>? ImageBytesSent { get; set; }

    public TimeSpan Duration => Elapsed;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Total += buffer.Length;
        if (Elapsed >= nextReport)
        {
            nextReport = Elapsed + Interval;
            log.Step(Describe());
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    /// <summary>The last word on a transfer that took long enough to have been reported on.</summary>
    public void Finish()
    {
        if (Elapsed >= Interval)
        {
            log.Step(Describe());
        }
    }

    internal string Describe()
    {
        var carried = ImageBytesSent?.Invoke() ?? Total;
        var image = ImageBytesSent is null ? "" : $" ({Bytes.Format(carried)} of the image)";
        var expected = expectedBytes > carried ? $" of about {Bytes.Format(expectedBytes)}" : "";
        if (Total == 0)
        {
            // No byte taken yet: there is no rate to tell, and a time left computed from none is nonsense.
            return $"Sent 0 B{expected} in {Elapsed.TotalSeconds:0} s: waiting for the server to take the first bytes";
        }

        var rate = Total / Math.Max(Elapsed.TotalSeconds, 0.001);
        var text = $"Sent {Bytes.Format(Total)}{image}{expected}, {Bytes.Format((long)rate)}/s";
        var imageRate = carried / Math.Max(Elapsed.TotalSeconds, 0.001);
        return expectedBytes > carried && carried > 0
            ? text + $", about {TimeLeft.Format(TimeSpan.FromSeconds((expectedBytes - carried) / imageRate))} left"
            : text;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Total; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
