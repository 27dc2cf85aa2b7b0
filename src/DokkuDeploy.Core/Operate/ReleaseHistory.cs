using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Operate;

/// <summary>
/// Keeps the app's release history on the Dokku server, in the app's config, one value per release
/// (<see cref="ReleaseRecords"/>), so that a rollback works from any machine and two deploys recording at once
/// both stay. It is written with <c>config:set --no-restart</c>: Dokku stores the values and neither restarts nor
/// redeploys the app; the app's processes see them from their next start on.
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
            var stored = await LoadAsync(dokku, app, ct).ConfigureAwait(false);
            if (stored.Records.Count > 0 && stored.Records[0].Release.Image == imageReference)
            {
                return;
            }

            var release = new Release(imageReference, clock.GetUtcNow());
            await WriteAsync(dokku, app, stored, release, new HashSet<string>(StringComparer.Ordinal), ct).ConfigureAwait(false);

            // Dokku's config:set rewrites the app's whole ENV file without a lock (plugins/config environment.go): a
            // config:set of the same instant elsewhere can undo ours. Our own write no longer races; this closes Dokku's.
            var key = ReleaseRecords.KeyFor(release);
            if (!(await LoadAsync(dokku, app, ct).ConfigureAwait(false)).Config.ContainsKey(key))
            {
                await dokku.SetConfigAsync(app, new Dictionary<string, string> { [key] = ReleaseRecords.ValueFor(release) }, restart: false, ct).ConfigureAwait(false);
            }
        }
        catch (DeployException e)
        {
            var warning = DeployErrors.ReleaseNotRecorded(app, imageReference, $"{e.Code}: {e.Message}");
            log.Warning(warning.Code, warning.Message);
        }
    }

    /// <summary>The recorded releases, newest first; an old history value DokkuDeploy did not write is ignored with a warning.</summary>
    public async Task<ReleaseList> ReadAsync(DokkuClient dokku, string app, CancellationToken ct) =>
        new((await LoadAsync(dokku, app, ct).ConfigureAwait(false)).Records.Select(r => r.Release));

    /// <summary>Writes the history after a rollback to <paramref name="target"/>: the releases it undoes are dropped, it is the newest.</summary>
    public async Task RolledBackAsync(DokkuClient dokku, string app, ReleaseList history, Release target, CancellationToken ct)
    {
        var index = history.Releases.ToList().IndexOf(target);
        var undone = history.Releases.Take(index < 0 ? 0 : index + 1).Select(ReleaseRecords.KeyFor).ToHashSet(StringComparer.Ordinal);
        undone.Add(ReleaseRecords.KeyFor(target));
        var stored = await LoadAsync(dokku, app, ct).ConfigureAwait(false);
        await WriteAsync(dokku, app, stored, target with { ReleasedAt = clock.GetUtcNow() }, undone, ct).ConfigureAwait(false);
    }

    sealed record Stored(IReadOnlyDictionary<string, string> Config, IReadOnlyList<(string Key, Release Release)> Records);

    async Task<Stored> LoadAsync(DokkuClient dokku, string app, CancellationToken ct)
    {
        var config = await dokku.ConfigExportAsync(app, ct).ConfigureAwait(false);
        var records = ReleaseRecords.Read(config, out var legacyUnreadable);
        if (legacyUnreadable)
        {
            var warning = DeployErrors.ReleaseHistoryUnreadable(app);
            log.Warning(warning.Code, warning.Message);
        }

        return new Stored(config, records);
    }

    /// <summary>
    /// Adds <paramref name="release"/>'s own key, unsets <paramref name="drop"/> and the keys past the newest
    /// <see cref="ReleaseList.MaximumCount"/>: only keys this writer read or made, never one another deploy is
    /// adding now. An old single-value history is turned into keys on the way.
    /// </summary>
    static async Task WriteAsync(DokkuClient dokku, string app, Stored stored, Release release, ISet<string> drop, CancellationToken ct)
    {
        var kept = stored.Records.Where(r => !drop.Contains(r.Key))
            .Append((Key: ReleaseRecords.KeyFor(release), Release: release))
            .OrderByDescending(r => r.Release.ReleasedAt)
            .Take(ReleaseList.MaximumCount)
            .ToList();
        var set = kept.Where(r => !stored.Config.ContainsKey(r.Key)).ToDictionary(r => r.Key, r => ReleaseRecords.ValueFor(r.Release), StringComparer.Ordinal);
        var unset = stored.Config.Keys
            .Where(key => key == ReleaseList.ConfigKey || (key.StartsWith(ReleaseRecords.KeyPrefix, StringComparison.Ordinal) && !kept.Any(r => r.Key == key)))
            .ToList();
        await dokku.SetConfigAsync(app, set, restart: false, ct).ConfigureAwait(false);
        await dokku.UnsetConfigAsync(app, unset, ct).ConfigureAwait(false);
    }
}
