using System.Diagnostics;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Deploy;

/// <summary>Copies the image stream to the server and reports progress at most about once a second.</summary>
sealed class TransferProgress(IDeployLog log, long expectedBytes)
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public long Total { get; private set; }

    public async Task CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        var clock = Stopwatch.StartNew();
        var nextReport = Interval;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            Total += read;
            if (clock.Elapsed >= nextReport)
            {
                nextReport = clock.Elapsed + Interval;
                log.Detail(Describe(clock.Elapsed));
            }
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (clock.Elapsed >= Interval)
        {
            log.Detail(Describe(clock.Elapsed));
        }
    }

    string Describe(TimeSpan elapsed)
    {
        var rate = Total / Math.Max(elapsed.TotalSeconds, 0.001);
        var text = $"Sent {Bytes.Format(Total)}";
        if (expectedBytes > Total)
        {
            var left = TimeSpan.FromSeconds((expectedBytes - Total) / Math.Max(rate, 1));
            text += $" of about {Bytes.Format(expectedBytes)}, {Bytes.Format((long)rate)}/s, about {left.TotalSeconds:0} s left";
        }
        else
        {
            text += $", {Bytes.Format((long)rate)}/s";
        }

        return text;
    }
}
