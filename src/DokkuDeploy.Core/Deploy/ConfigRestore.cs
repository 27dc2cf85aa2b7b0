using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Timing;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// Config is set (without a restart) before the release it is meant for. When that release does not go
/// live (the transfer broke, the load or the health check failed, the user pressed Ctrl+C), the new values
/// must not stay stored: the old release would pick them up at its next restart, a crash or a reboot.
/// The same holds for a port map set for the release. This puts both back, on the session's connection
/// or, when that is what broke, on a new one. Values go back the way they came (config:import over stdin where the
/// server has it, known from the deploy's own session), so the restore puts no value on a command line either.
/// </summary>
sealed class ConfigRestore(RemoteSession session, DeployRequest request, Func<string, string?> environment)
{
    /// <summary>Long enough for a slow server, short enough that a dead one does not hold the error back for long.</summary>
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public async Task RunAsync(ConfigChange change, PortChange? ports, Exception failure)
    {
        using var span = DeployTrace.Span("restore config and ports");
        var remote = session.Remote;
        var why = failure is OperationCanceledException ? "the deploy was cancelled" : "the release did not go live";
        var what = string.Join(" and ", new[] { change.IsEmpty ? null : "config", ports is null ? null : "port map" }.OfType<string>());
        session.Log.Step($"Putting the {what} of '{remote.App}' back, since {why}{(change.IsEmpty ? "" : ": " + string.Join(", ", change.Keys))}");

        // The deploy's own token may be the one that was cancelled: the restore gets its own deadline.
        using var deadline = new CancellationTokenSource(Deadline);
        var problem = await TryAsync(() => RevertAsync(session.Dokku, change, ports, deadline.Token)).ConfigureAwait(false);
        if (problem is not null && !deadline.IsCancellationRequested)
        {
            session.Log.Detail($"Putting the {what} back on the deploy's connection failed ({problem.Message}); trying a new connection");
            problem = await TryAsync(() => RevertOnNewSessionAsync(change, ports, deadline.Token)).ConfigureAwait(false);
        }

        if (problem is not null)
        {
            var reason = problem is OperationCanceledException ? $"no answer within {Deadline.TotalSeconds:0} s" : problem.Message;
            if (!change.IsEmpty)
            {
                session.Log.Warning(DeployErrors.ConfigNotRestoredWarning, DeployErrors.ConfigNotRestored(remote.App, remote.Server, remote.SshCommand, change.Replaced.Keys, change.Added, reason));
            }

            if (ports is not null)
            {
                session.Log.Warning(DeployErrors.PortsNotRestoredWarning, DeployErrors.PortsNotRestored(remote.App, remote.Server, remote.SshCommand, PortMapping.FormatMap(ports.Before), reason));
            }

            return;
        }

        session.Log.Step($"{char.ToUpperInvariant(what[0])}{what[1..]} put back: '{remote.App}' keeps the {what} its running release has");
    }

    async Task RevertAsync(DokkuClient dokku, ConfigChange change, PortChange? ports, CancellationToken cancellationToken)
    {
        if (!change.IsEmpty)
        {
            await change.RevertAsync(dokku, session.Remote.App, cancellationToken).ConfigureAwait(false);
        }

        if (ports is not null)
        {
            await ports.RevertAsync(dokku, session.Remote.App, cancellationToken).ConfigureAwait(false);
        }
    }

    async Task RevertOnNewSessionAsync(ConfigChange change, PortChange? ports, CancellationToken cancellationToken)
    {
        await using var fresh = await RemoteSession.OpenAsync(session.Remote, request, environment, session.Log, session.Dokku.Features, learnPlatform: false, cancellationToken).ConfigureAwait(false);
        await RevertAsync(fresh.Dokku, change, ports, cancellationToken).ConfigureAwait(false);
    }

    static async Task<Exception?> TryAsync(Func<Task> attempt)
    {
        try
        {
            await attempt().ConfigureAwait(false);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
