using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Ssh;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// Config is set (without a restart) before the release it is meant for. When that release does not go
/// live (the transfer broke, the load or the health check failed, the user pressed Ctrl+C), the new values
/// must not stay stored: the old release would pick them up at its next restart, a crash or a reboot.
/// This puts them back, on the session's connection or, when that is what broke, on a new one.
/// </summary>
sealed class ConfigRestore(RemoteSession session, DeployRequest request, Func<string, string?> environment)
{
    /// <summary>Long enough for a slow server, short enough that a dead one does not hold the error back for long.</summary>
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public async Task RunAsync(ConfigChange change, Exception failure)
    {
        var log = session.Log;
        var remote = session.Remote;
        var why = failure is OperationCanceledException ? "the deploy was cancelled" : "the release did not go live";
        log.Step($"Putting the config of '{remote.App}' back, since {why}: {string.Join(", ", change.Keys)}");

        // The deploy's own token may be the one that was cancelled: the restore gets its own deadline.
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await change.RevertAsync(session.Dokku, remote.App, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception onSession) when (!deadline.IsCancellationRequested)
        {
            log.Detail($"Putting the config back on the deploy's connection failed ({onSession.Message}); trying a new connection");
            try
            {
                await RevertOnNewConnectionAsync(change, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception onNew)
            {
                Warn(change, onNew);
                return;
            }
        }
        catch (Exception e)
        {
            Warn(change, e);
            return;
        }

        log.Step($"Config put back: '{remote.App}' keeps the config its running release has");
    }

    async Task RevertOnNewConnectionAsync(ConfigChange change, CancellationToken cancellationToken)
    {
        var plan = SshConnectionPlan.Make(session.Remote, request, environment, session.Log);
        await using var shell = await SshRemoteShell.ConnectAsync(plan.Target, plan.Credentials, plan.HostKeys, session.Log, cancellationToken).ConfigureAwait(false);
        await change.RevertAsync(new DokkuClient(shell, session.Log, session.Remote), session.Remote.App, cancellationToken).ConfigureAwait(false);
    }

    void Warn(ConfigChange change, Exception why)
    {
        var remote = session.Remote;
        var reason = why is OperationCanceledException ? $"no answer within {Deadline.TotalSeconds:0} s" : why.Message;
        session.Log.Warning("DOKKU5013", DeployErrors.ConfigNotRestored(remote.App, remote.Server, remote.SshCommand, change.Replaced.Keys, change.Added, reason));
    }
}
