using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Ssh;

namespace DokkuDeploy.Core.Deploy;

/// <summary>Turns the deploy settings into a verified SSH connection to the Dokku host.</summary>
static class SshConnector
{
    public static Task<SshRemoteShell> ConnectAsync(
        DokkuRemote remote, DeployRequest request, Func<string, string?> environment, IDeployLog log, CancellationToken cancellationToken)
    {
        var target = new SshTarget(remote.Host, remote.Port, remote.User);
        // A passphrase may begin or end with spaces: only an empty one counts as none.
        var passphrase = environment("DOKKU_SSH_KEY_PASSPHRASE") is { Length: > 0 } given ? given : null;
        var credentials = request.SshKeyFile is { } file
            ? SshCredentials.FromKeyFiles([file], passphrase)
            : Setting.OrNull(environment("DOKKU_SSH_KEY")) is { } content
                ? SshCredentials.FromKeyContent(content, passphrase)
                : SshCredentials.DefaultIdentities(passphrase);
        var knownHosts = request.KnownHostsFiles.Count > 0 ? request.KnownHostsFiles : HostKeyPolicy.DefaultKnownHostsPaths();
        var pin = request.HostKeyFingerprint ?? Setting.OrNull(environment("DOKKU_HOST_KEY_FINGERPRINT"));
        var policy = HostKeyPolicy.FromFiles(knownHosts, pin, request.AcceptNewHostKey, log);
        return SshRemoteShell.ConnectAsync(target, credentials, policy, log, cancellationToken);
    }
}
