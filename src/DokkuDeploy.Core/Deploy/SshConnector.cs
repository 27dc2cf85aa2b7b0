using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Ssh;
using DokkuDeploy.Core.Ssh.Agent;
using DokkuDeploy.Core.Ssh.Config;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// Turns the deploy settings into a verified SSH connection to the Dokku host, finding the server, user, key and
/// host key as OpenSSH would: explicit settings first, then ~/.ssh/config and /etc/ssh/ssh_config, then defaults.
/// </summary>
static class SshConnector
{
    public static Task<SshRemoteShell> ConnectAsync(
        DokkuRemote remote, DeployRequest request, Func<string, string?> environment, IDeployLog log, CancellationToken cancellationToken)
    {
        var plan = SshConnectionPlan.Make(remote, request, environment, log);
        return SshRemoteShell.ConnectAsync(plan.Target, plan.Credentials, plan.HostKeys, log, cancellationToken);
    }
}
