using System.Diagnostics;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// A write-only stream in front of the SSH channel that counts what is sent and reports it at most
/// about once a second: bytes of the expected total, rate, time left.
/// </summary>
sealed class TransferProgress(Stream inner, IDeployLog log, long expectedBytes) : Stream
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    readonly Stopwatch clock = Stopwatch.StartNew();
    TimeSpan nextReport = Interval;

    public long Total { get; private set; }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Total += buffer.Length;
        if (clock.Elapsed >= nextReport)
        {
            nextReport = clock.Elapsed + Interval;
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
        if (clock.Elapsed >= Interval)
        {
            log.Step(Describe());
        }
    }

    string Describe()
    {
        var rate = Total / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        var text = $"Sent {Bytes.Format(Total)}";
        if (expectedBytes > Total)
        {
            var left = TimeSpan.FromSeconds((expectedBytes - Total) / Math.Max(rate, 1));
            return text + $" of about {Bytes.Format(expectedBytes)}, {Bytes.Format((long)rate)}/s, about {left.TotalSeconds:0} s left";
        }

        return text + $", {Bytes.Format((long)rate)}/s";
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
