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
    readonly UserCacheFiles files = new(directory);

    public static ServerPlatformCache ForUser(Func<string, string?> environment) =>
        new(UserCacheFiles.FolderForUser(environment, "platforms"));

    public DockerPlatform? Find(DokkuRemote remote) => files.Read(Key(remote)) is { } text ? DockerPlatform.TryParse(text) : null;

    public void Save(DokkuRemote remote, DockerPlatform platform) => files.Write(Key(remote), platform.ToString());

    public void Forget(DokkuRemote remote) => files.Delete(Key(remote));

    static string Key(DokkuRemote remote) => $"{remote.User}@{remote.Host}:{remote.Port}";
}
