using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Operate;

/// <summary>
/// Operates a deployed app, each call over its own connection to the server: roll back, show logs,
/// report status, sync config. Builds and sends nothing.
/// </summary>
public sealed class AppOperator(IDeployLog log, Func<string, string?> environment)
{
    public const int DefaultLogLines = 100;

    readonly ReleaseHistory history = new(log);

    /// <param name="to">A recorded release's tag or image reference; null for the previous release.</param>
    public async Task<RollbackReport> RollBackAsync(OperateRequest request, string? to, CancellationToken cancellationToken)
    {
        await using var session = await DokkuSession.OpenAsync(request, environment, log, cancellationToken).ConfigureAwait(false);
        return await new AppRollback(log, history).RollBackAsync(session.Dokku, session.Remote, to, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Prints the app's last <paramref name="lines"/> log lines, as Dokku gives them, each as it arrives.</summary>
    /// <returns>How many lines were shown.</returns>
    public async Task<int> LogsAsync(OperateRequest request, int lines, CancellationToken cancellationToken)
    {
        await using var session = await DokkuSession.OpenAsync(request, environment, log, cancellationToken).ConfigureAwait(false);
        log.Step($"Last {lines} log lines of '{session.App}' on {session.Remote.Server}:");
        return await session.Dokku.LogsAsync(session.App, lines, log.Step, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AppStatusReport> StatusAsync(OperateRequest request, CancellationToken cancellationToken)
    {
        await using var session = await DokkuSession.OpenAsync(request, environment, log, cancellationToken).ConfigureAwait(false);
        return await new AppStatus(log, history).ReportAsync(session.Dokku, session.Remote, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the config values that differ from the server's, then restarts a deployed app once so that
    /// they take effect. Returns the keys that changed.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> SyncConfigAsync(OperateRequest request, IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        await using var session = await DokkuSession.OpenAsync(request, environment, log, cancellationToken).ConfigureAwait(false);
        var (dokku, app) = (session.Dokku, session.App);
        if (!await dokku.AppExistsAsync(app, cancellationToken).ConfigureAwait(false))
        {
            throw DeployErrors.DokkuAppNotFound(app, session.Remote.Server, session.Remote.SshCommand);
        }

        foreach (var key in config.Keys)
        {
            ConfigKey.Validate(key);
        }

        var changed = (await ConfigUpdate.ApplyAsync(dokku, app, appExists: true, config, log, cancellationToken).ConfigureAwait(false)).Keys;
        if (changed.Count == 0)
        {
            return changed;
        }

        if ((await dokku.ProcessReportAsync(app, cancellationToken).ConfigureAwait(false)).Deployed)
        {
            log.Step($"Restarting '{app}' so that the changed config takes effect");
            await dokku.RestartAsync(app, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            log.Step($"'{app}' is not deployed yet: its first deploy starts with this config.");
        }

        return changed;
    }
}
