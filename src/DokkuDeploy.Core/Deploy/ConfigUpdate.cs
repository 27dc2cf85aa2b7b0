using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// Sets, without a restart, only the config values that differ from the server's, so that an
/// unchanged config costs no release. Values are secrets: only keys are logged.
/// </summary>
public static class ConfigUpdate
{
    /// <returns>The keys that changed.</returns>
    public static async Task<IReadOnlyCollection<string>> ApplyAsync(
        DokkuClient dokku, string app, bool appExists, IReadOnlyDictionary<string, string> config, IDeployLog log, CancellationToken cancellationToken)
    {
        if (config.Count == 0)
        {
            return [];
        }

        var current = appExists
            ? await dokku.ConfigExportAsync(app, cancellationToken).ConfigureAwait(false)
            : new Dictionary<string, string>();
        var changed = config
            .Where(pair => !current.TryGetValue(pair.Key, out var value) || value != pair.Value)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        if (changed.Count == 0)
        {
            log.Step($"Config unchanged: {string.Join(", ", config.Keys.Order(StringComparer.Ordinal))}");
            return [];
        }

        log.Step($"Setting config: {string.Join(", ", changed.Keys.Order(StringComparer.Ordinal))}");
        await dokku.SetConfigAsync(app, changed, restart: false, cancellationToken).ConfigureAwait(false);
        return changed.Keys;
    }
}
