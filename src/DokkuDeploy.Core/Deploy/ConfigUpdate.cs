using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// Sets, without a restart, only the config values that differ from the server's, so that an
/// unchanged config costs no release. Values are secrets: only keys are logged.
/// </summary>
public static class ConfigUpdate
{
    /// <returns>What changed, with the values it replaced.</returns>
    public static async Task<ConfigChange> ApplyAsync(
        DokkuClient dokku, string app, bool appExists, IReadOnlyDictionary<string, string> config, IDeployLog log, CancellationToken cancellationToken)
    {
        if (config.Count == 0)
        {
            return ConfigChange.None;
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
            return ConfigChange.None;
        }

        log.Step($"Setting config: {string.Join(", ", changed.Keys.Order(StringComparer.Ordinal))}");
        await dokku.SetConfigAsync(app, changed, restart: false, cancellationToken).ConfigureAwait(false);
        return new ConfigChange(
            changed.Keys.Where(current.ContainsKey).ToDictionary(key => key, key => current[key], StringComparer.Ordinal),
            [.. changed.Keys.Where(key => !current.ContainsKey(key))]);
    }
}
