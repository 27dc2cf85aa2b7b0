using System.Text.Json;
using DokkuDeploy.Core.Docker;

namespace DokkuDeploy.Core.Deploy;

/// <summary>What we last deployed to one remote app from this machine; Layers bottom first.</summary>
public sealed record DeployRecord(string ImageId, string ImageReference, IReadOnlyList<ImageLayer> Layers, IReadOnlyList<string> Urls, DateTimeOffset At);

/// <summary>
/// Remembers, per remote app, the last successful deploy from this machine: Dokku answers an
/// identical image with "No changes detected" and no URL, and the record still knows where the app is.
/// Lives in the user's cache, not obj/, because it describes the server, not the build.
/// A lost or unreadable record only costs information, never correctness.
/// </summary>
public sealed class DeployHistory(string directory)
{
    readonly UserCacheFiles files = new(directory, ".json");

    public static DeployHistory ForUser(Func<string, string?> environment) =>
        new(UserCacheFiles.FolderForUser(environment, "deploys"));

    public DeployRecord? Find(string remote)
    {
        try
        {
            return files.Read(remote) is { } json ? JsonSerializer.Deserialize<DeployRecord>(json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(string remote, DeployRecord record) => files.Write(remote, JsonSerializer.Serialize(record));

    public void Forget(string remote) => files.Delete(remote);
}
