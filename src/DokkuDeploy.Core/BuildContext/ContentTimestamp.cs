using System.Buffers.Binary;

namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// Modification times for the context tar. A constant time would make ASP.NET's static file ETags
/// (last-modified XOR length) repeat across versions of a file; the time of the checkout would differ per
/// machine and defeat reproducibility. A time derived from the content's hash is both: same content, same
/// time everywhere; changed content, another time.
/// </summary>
public static class ContentTimestamp
{
    /// <summary>The start of the window file times fall into; also the time of every directory and symlink.</summary>
    public static readonly DateTimeOffset WindowStart = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The end of the window (exclusive).</summary>
    public static readonly DateTimeOffset WindowEnd = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Whole seconds inside [WindowStart, WindowEnd), from the first 8 bytes of the SHA-256.</summary>
    public static DateTimeOffset FromSha256(ReadOnlySpan<byte> sha256)
    {
        var windowSeconds = (ulong)(WindowEnd - WindowStart).TotalSeconds;
        var offset = BinaryPrimitives.ReadUInt64BigEndian(sha256) % windowSeconds;
        return WindowStart.AddSeconds(offset);
    }
}
