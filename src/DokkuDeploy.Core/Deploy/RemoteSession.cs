using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Ssh;

namespace DokkuDeploy.Core.Deploy;

/// <summary>A verified SSH connection to one Dokku server, and what it said about the app before anything changed.</summary>
sealed class RemoteSession(
    DokkuRemote remote, string address, SshRemoteShell shell, DokkuClient dokku, bool appExists, IDeployLog log, DockerPlatform? platform = null) : IAsyncDisposable
{
    public DokkuRemote Remote { get; } = remote;

    /// <summary>The address SSH connected to: the remote's host, or its HostName in ~/.ssh/config.</summary>
    public string Address { get; } = address;

    public DokkuClient Dokku { get; } = dokku;

    public SshRemoteShell Shell { get; } = shell;

    public bool AppExists { get; } = appExists;

    /// <summary>The platform the server's engine runs, when it was asked for (<see cref="LearnPlatformAsync"/>) and known.</summary>
    public DockerPlatform? Platform { get; } = platform;

    /// <summary>The log for this server's lines (prefixed with the server when there are several).</summary>
    public IDeployLog Log { get; } = log;

    /// <summary>Connects, verifies the host key and checks the app, so that a wrong setting fails before the build.</summary>
    /// <param name="features">What this run already found the servers support (shared by every session of the run).</param>
    public static async Task<RemoteSession> OpenAsync(
        DokkuRemote remote, DeployRequest request, Func<string, string?> environment, IDeployLog log, DokkuServerFeatures features,
        bool learnPlatform, CancellationToken cancellationToken)
    {
        var plan = SshConnectionPlan.Make(remote, request, environment, log);
        var shell = await SshRemoteShell.ConnectAsync(plan.Target, plan.Credentials, plan.HostKeys, log, cancellationToken).ConfigureAwait(false);
        try
        {
            var dokku = new DokkuClient(shell, log, remote, features);
            var appExists = await dokku.AppExistsAsync(remote.App, cancellationToken).ConfigureAwait(false);
            if (!appExists && !request.CreateApp)
            {
                throw DeployErrors.DokkuAppNotFound(remote.App, remote.Server, remote.SshCommand);
            }

            var platform = learnPlatform ? await LearnPlatformAsync(dokku, remote, ServerPlatformCache.ForUser(environment), log, cancellationToken).ConfigureAwait(false) : null;
            return new RemoteSession(remote, plan.Target.Host, shell, dokku, appExists, log, platform);
        }
        catch
        {
            await shell.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The server's platform: remembered from an earlier deploy, else read from <c>dokku report</c> once and remembered.</summary>
    static async Task<DockerPlatform?> LearnPlatformAsync(
        DokkuClient dokku, DokkuRemote remote, ServerPlatformCache cache, IDeployLog log, CancellationToken cancellationToken)
    {
        if (cache.Find(remote) is { } remembered)
        {
            log.Detail($"{remote.Server} runs {remembered} (remembered from its `dokku report`)");
            return remembered;
        }

        var platform = await dokku.ServerPlatformAsync(cancellationToken).ConfigureAwait(false);
        if (platform is not null)
        {
            log.Detail($"{remote.Server} runs {platform} (from `dokku report`; remembered for the next deploys)");
            cache.Save(remote, platform);
        }

        return platform;
    }

    public ValueTask DisposeAsync() => Shell.DisposeAsync();
}
