using System.Security.Cryptography;
using System.Text;
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
    public static DeployHistory ForUser(Func<string, string?> environment)
    {
        var cache = environment("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return new DeployHistory(Path.Combine(cache, "dokkudeploy", "deploys"));
    }

    public DeployRecord? Find(string remote)
    {
        try
        {
            var path = PathFor(remote);
            return File.Exists(path) ? JsonSerializer.Deserialize<DeployRecord>(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public void Save(string remote, DeployRecord record)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var path = PathFor(remote);
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(record));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only home (some build servers) just means no history.
        }
    }

    public void Forget(string remote)
    {
        try
        {
            File.Delete(PathFor(remote));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    string PathFor(string remote) =>
        Path.Combine(directory, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(remote)))[..32].ToLowerInvariant() + ".json");
}
