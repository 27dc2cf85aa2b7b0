using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Ssh;

namespace DokkuDeploy.Core.Deploy;

/// <summary>A verified SSH connection to one Dokku server, and what it said about the app before anything changed.</summary>
sealed class RemoteSession(DokkuRemote remote, string address, SshRemoteShell shell, DokkuClient dokku, bool appExists, IDeployLog log) : IAsyncDisposable
{
    public DokkuRemote Remote { get; } = remote;

    /// <summary>The address SSH connected to: the remote's host, or its HostName in ~/.ssh/config.</summary>
    public string Address { get; } = address;

    public DokkuClient Dokku { get; } = dokku;

    public SshRemoteShell Shell { get; } = shell;

    public bool AppExists { get; } = appExists;

    /// <summary>The log for this server's lines (prefixed with the server when there are several).</summary>
    public IDeployLog Log { get; } = log;

    /// <summary>Connects, verifies the host key and checks the app, so that a wrong setting fails before the build.</summary>
    /// <param name="features">What this run already found the servers support (shared by every session of the run).</param>
    public static async Task<RemoteSession> OpenAsync(
        DokkuRemote remote, DeployRequest request, Func<string, string?> environment, IDeployLog log, DokkuServerFeatures features,
        CancellationToken cancellationToken)
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

            return new RemoteSession(remote, plan.Target.Host, shell, dokku, appExists, log);
        }
        catch
        {
            await shell.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => Shell.DisposeAsync();
}
