using DokkuDeploy.Core.Dokku;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// For one server: whether the image goes gzipped (<see cref="CompressionChoice"/>, from DokkuCompress and the
/// link speeds remembered in <see cref="LinkSpeeds"/>), and what each transfer showed, remembered for the next.
/// Any Docker engine's `docker load` takes a gzipped archive (it sniffs the stream's first bytes, since Docker 1.x,
/// and the containerd image store's load does the same), so gzip needs nothing of the server: no version is checked.
/// </summary>
sealed class TransferCompression(ImageCompression setting, LinkSpeeds speeds, DokkuRemote remote, string address)
{
    /// <summary>Less is mostly round trips and the server's start-up, which would tell nothing of the link.</summary>
    internal const long MeasurableImageBytes = 8L * 1024 * 1024;

    public CompressionDecision Decide() => CompressionChoice.Decide(setting, speeds.Find(remote), address);

    public static TransferStream Open(TransferProgress progress, bool gzip, CancellationToken cancellationToken)
    {
        if (!gzip)
        {
            return new TransferStream(progress, null);
        }

        var pipe = new GzipPipe(progress, cancellationToken);
        progress.ImageBytesSent = () => pipe.ImageBytesSent;
        return new TransferStream(progress, pipe);
    }

    public void Record(TransferStream sent, TransferProgress progress)
    {
        if (sent.ImageBytes >= MeasurableImageBytes && progress.Duration > TimeSpan.Zero)
        {
            speeds.Record(remote, sent.Gzipped, sent.ImageBytes / progress.Duration.TotalSeconds, sent.LinkBound, DateTimeOffset.UtcNow);
        }
    }
}
