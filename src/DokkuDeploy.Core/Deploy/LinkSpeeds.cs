using System.Text.Json;
using DokkuDeploy.Core.Dokku;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// What the transfers to one server showed, in bytes of the image per second: sent plain (the link's own
/// speed), and sent gzipped (the compressor's or the link's, whichever was slower), with whether the link was
/// what held the gzipped one back. Null where that way was not measured yet.
/// </summary>
public sealed record LinkSpeed(double? PlainBytesPerSecond, double? GzipBytesPerSecond, bool GzipLinkBound, DateTimeOffset At);

/// <summary>
/// The link speeds of the last transfers to each server, in the user's cache beside <see cref="ServerPlatformCache"/>
/// and keyed the same way (user, host, port): the link is the server's, whichever app goes over it. A lost
/// file costs one transfer decided without it.
/// </summary>
public sealed class LinkSpeeds(string directory)
{
    readonly UserCacheFiles files = new(directory, ".json");

    public static LinkSpeeds ForUser(Func<string, string?> environment) =>
        new(UserCacheFiles.FolderForUser(environment, "link-speeds"));

    public LinkSpeed? Find(DokkuRemote remote)
    {
        try
        {
            return files.Read(Key(remote)) is { } json ? JsonSerializer.Deserialize<LinkSpeed>(json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Keeps what the other way measured before: the choice compares the two.</summary>
    public void Record(DokkuRemote remote, bool gzipped, double imageBytesPerSecond, bool linkBound, DateTimeOffset at)
    {
        var last = Find(remote);
        var speed = gzipped
            ? new LinkSpeed(last?.PlainBytesPerSecond, imageBytesPerSecond, linkBound, at)
            : new LinkSpeed(imageBytesPerSecond, last?.GzipBytesPerSecond, last?.GzipLinkBound ?? false, at);
        files.Write(Key(remote), JsonSerializer.Serialize(speed));
    }

    static string Key(DokkuRemote remote) => $"{remote.User}@{remote.Host}:{remote.Port}";
}
