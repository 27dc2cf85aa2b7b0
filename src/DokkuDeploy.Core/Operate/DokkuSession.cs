using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Git;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Ssh;

namespace DokkuDeploy.Core.Operate;

/// <summary>
/// A verified SSH connection to the app's Dokku server, found exactly as a deploy finds it
/// (<see cref="RemoteResolver"/>, <see cref="SshConnector"/>), with a <see cref="DokkuClient"/> over it.
/// </summary>
public sealed class DokkuSession : IAsyncDisposable
{
    readonly SshRemoteShell shell;

    DokkuSession(DokkuRemote remote, SshRemoteShell shell, DokkuClient dokku)
    {
        Remote = remote;
        this.shell = shell;
        Dokku = dokku;
    }

    public DokkuRemote Remote { get; }

    public DokkuClient Dokku { get; }

    public string App => Remote.App;

    public static async Task<DokkuSession> OpenAsync(OperateRequest request, Func<string, string?> environment, IDeployLog log, CancellationToken cancellationToken)
    {
        var git = GitRepositoryInfo.Read(request.ProjectDirectory, log);
        var (remote, source) = RemoteResolver.Resolve(request.Remote, request.App, git, environment);
        log.Detail($"App '{remote.App}' on {remote.Server} (from {source})");
        var shell = await SshConnector.ConnectAsync(remote, ConnectionSettings(request), environment, log, cancellationToken).ConfigureAwait(false);
        return new DokkuSession(remote, shell, new DokkuClient(shell, log, remote));
    }

    /// <summary>
    /// The connector reads only the connection settings of a deploy request; the build settings it
    /// requires are meaningless here and stay empty.
    /// </summary>
    static DeployRequest ConnectionSettings(OperateRequest request) => new()
    {
        ProjectDirectory = request.ProjectDirectory,
        PublishDirectory = "",
        EntryAssembly = "",
        GeneratedDockerfilePath = "",
        BaseImage = "",
        Remote = request.Remote,
        App = request.App,
        SshKeyFile = request.SshKeyFile,
        KnownHostsFiles = request.KnownHostsFiles,
        HostKeyFingerprint = request.HostKeyFingerprint,
        AcceptNewHostKey = request.AcceptNewHostKey,
    };

    public ValueTask DisposeAsync() => shell.DisposeAsync();
}
