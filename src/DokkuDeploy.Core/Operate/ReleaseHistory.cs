using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Operate;

/// <summary>
/// Keeps the app's release history on the Dokku server, in the app's config
/// (<see cref="ReleaseList.ConfigKey"/>), so that a rollback works from any machine. It is written with
/// <c>config:set --no-restart</c>: Dokku stores the value and neither restarts nor redeploys the app;
/// the app's processes see the variable from their next start on.
/// </summary>
public sealed class ReleaseHistory(IDeployLog log, TimeProvider clock)
{
    public ReleaseHistory(IDeployLog log)
        : this(log, TimeProvider.System)
    {
    }

    /// <summary>
    /// Records that <paramref name="imageReference"/> is now released (call it after every successful
    /// deploy, also when Dokku found nothing to change). A failure to record is a warning, not a failed
    /// deploy: the app runs; only a later rollback knows less.
    /// </summary>
    public async Task RecordAsync(DokkuClient dokku, string app, string imageReference, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dokku);
        ArgumentException.ThrowIfNullOrWhiteSpace(imageReference);
        try
        {
            var history = await ReadAsync(dokku, app, ct).ConfigureAwait(false);
            var updated = history.Add(imageReference, clock.GetUtcNow());
            if (!ReferenceEquals(updated, history))
            {
                await WriteAsync(dokku, app, updated, ct).ConfigureAwait(false);
            }
        }
        catch (DeployException e)
        {
            var warning = DeployErrors.ReleaseNotRecorded(app, imageReference, $"{e.Code}: {e.Message}");
            log.Warning(warning.Code, warning.Message);
        }
    }

    /// <summary>The recorded releases; empty (with a warning) when the value is not one DokkuDeploy wrote.</summary>
    public async Task<ReleaseList> ReadAsync(DokkuClient dokku, string app, CancellationToken ct)
    {
        var value = await dokku.ConfigGetAsync(app, ReleaseList.ConfigKey, ct).ConfigureAwait(false);
        if (ReleaseList.Parse(value) is { } history)
        {
            return history;
        }

        var warning = DeployErrors.ReleaseHistoryUnreadable(app);
        log.Warning(warning.Code, warning.Message);
        return ReleaseList.Empty;
    }

    /// <summary>Writes the history after a rollback to <paramref name="target"/>.</summary>
    public Task RolledBackAsync(DokkuClient dokku, string app, ReleaseList history, Release target, CancellationToken ct) =>
        WriteAsync(dokku, app, history.RolledBackTo(target, clock.GetUtcNow()), ct);

    static Task WriteAsync(DokkuClient dokku, string app, ReleaseList history, CancellationToken ct) =>
        dokku.SetConfigAsync(app, new Dictionary<string, string> { [ReleaseList.ConfigKey] = history.Serialize() }, restart: false, ct);
}
