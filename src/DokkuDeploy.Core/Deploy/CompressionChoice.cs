using System.Net;

namespace DokkuDeploy.Core.Deploy;

/// <summary>Whether to gzip, and the reason, in words for the log.</summary>
public sealed record CompressionDecision(bool Gzip, string Reason);

/// <summary>
/// Gzip pays when the link is slower than the compressor: both then run side by side, and the link carries
/// about half the bytes. On a fast link (loopback, a LAN) the compressor becomes the bottleneck and the transfer
/// gets slower. What decides is the image bytes per second each way reached on this server's last transfers.
/// </summary>
public static class CompressionChoice
{
    /// <summary>
    /// What gzip at its fastest level gets through on one core of a small server-class CPU, with
    /// room for the SSH encryption sharing the machine: a plain link slower than this is worth compressing for.
    /// </summary>
    public const double CompressorBytesPerSecond = 40e6;

    public static CompressionDecision Decide(ImageCompression setting, LinkSpeed? last, string address) => setting switch
    {
        ImageCompression.Gzip => new(true, "DokkuCompress=gzip"),
        ImageCompression.None => new(false, "DokkuCompress=none"),
        _ => Auto(last, address),
    };

    static CompressionDecision Auto(LinkSpeed? last, string address)
    {
        // On loopback no link is slow: a slow transfer there was the server's `docker load` holding it
        // back, which gzip makes slower still (the server must also decompress).
        if (IsLoopback(address))
        {
            return new(false, "not compressed: the server is on this machine's loopback");
        }

        switch (last)
        {
            case { PlainBytesPerSecond: { } plain, GzipBytesPerSecond: { } gzip }:
                return gzip > plain
                    ? new(true, $"gzipped, the last transfer here carried {Rate(gzip)} of the image, plain {Rate(plain)}")
                    : new(false, $"not compressed: plain, the last transfer here carried {Rate(plain)}, gzipped {Rate(gzip)}");
            case { PlainBytesPerSecond: { } plain }:
                return plain < CompressorBytesPerSecond
                    ? new(true, $"gzipped: the last transfer here went at {Rate(plain)}, slower than the compressor")
                    : new(false, $"not compressed: the last transfer here went at {Rate(plain)}, faster than the compressor");
            case { GzipBytesPerSecond: { } gzip, GzipLinkBound: true }:
                return new(true, $"gzipped: the link held back the last gzipped transfer here ({Rate(gzip)} of the image)");
            case { GzipBytesPerSecond: { } gzip }:
                // The link waited for the compressor: only a plain transfer tells whether it is faster still.
                return new(false, $"not compressed: the last gzipped transfer here waited for the compressor ({Rate(gzip)}); measuring the link plain");
            default:
                return new(true, "gzipped: a first transfer to this server (its speed is measured and remembered)");
        }
    }

    static bool IsLoopback(string address) =>
        address.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(address.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    static string Rate(double bytesPerSecond) => $"{Bytes.Format((long)bytesPerSecond)}/s";
}
