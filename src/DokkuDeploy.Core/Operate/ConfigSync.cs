using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Operate;

/// <summary>
/// Sets, without a restart, only the config values that differ from the server's, so that an
/// unchanged config costs no release. Shared by the deploy and DokkuConfigSync. Values are never logged.
/// </summary>
public sealed class ConfigSync(IDeployLog log)
{
    /// <summary>Returns the keys that changed; the caller decides when the app restarts to see them.</summary>
    public async Task<IReadOnlyCollection<string>> SetChangedAsync(
        DokkuClient dokku, string app, bool appExists, IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dokku);
        ArgumentNullException.ThrowIfNull(config);
        foreach (var key in config.Keys)
        {
            ConfigKey.Validate(key);
        }

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
