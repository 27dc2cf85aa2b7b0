using System.Collections.Concurrent;

namespace DokkuDeploy.Core.Dokku;

/// <summary>
/// What each Dokku server was found to support during one run, so that a server is probed once however many
/// sessions reach it (several apps on one server, or the fresh connection a config restore opens).
/// </summary>
public sealed class DokkuServerFeatures
{
    private readonly ConcurrentDictionary<string, bool> _configImport = new(StringComparer.Ordinal);

    /// <summary>True or false once known; null before the first config change on that server.</summary>
    internal bool? HasConfigImport(string server) => _configImport.TryGetValue(server, out var has) ? has : null;

    /// <returns>True for the first answer recorded for the server, so that what follows from it is said once.</returns>
    internal bool RecordConfigImport(string server, bool has) => _configImport.TryAdd(server, has);
}
