using System.Security.Cryptography;
using System.Text;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dokku;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// Each server's platform, learned once with <c>dokku report</c> and kept in the user's cache beside the deploy
/// history: a server does not change its CPU, and the report runs a container there. Keyed by user, host and port,
/// not app: every app of a server runs on the same engine. A lost or unreadable entry only costs one report.
/// </summary>
public sealed class ServerPlatformCache(string directory)
{
    public static ServerPlatformCache ForUser(Func<string, string?> environment)
    {
        var cache = environment("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return new ServerPlatformCache(Path.Combine(cache, "dokkudeploy", "platforms"));
    }

    public DockerPlatform? Find(DokkuRemote remote)
    {
        try
        {
            var path = PathFor(remote);
            return File.Exists(path) ? DockerPlatform.TryParse(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Save(DokkuRemote remote, DockerPlatform platform)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var path = PathFor(remote);
            var temporary = $"{path}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, platform.ToString());
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only home (some build servers) just means asking again next time.
        }
    }

    public void Forget(DokkuRemote remote)
    {
        try
        {
            File.Delete(PathFor(remote));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    static string Key(DokkuRemote remote) => $"{remote.User}@{remote.Host}:{remote.Port}";

    string PathFor(DokkuRemote remote) =>
        Path.Combine(directory, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Key(remote))))[..32].ToLowerInvariant());
}
