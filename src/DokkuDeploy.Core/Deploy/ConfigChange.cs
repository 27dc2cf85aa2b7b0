using DokkuDeploy.Core.Dokku;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// What a deploy changed in the app's config, and what was there before: the values it replaced and the
/// keys it added. Enough to put the config back when the release it was meant for never goes live.
/// </summary>
public sealed record ConfigChange(IReadOnlyDictionary<string, string> Replaced, IReadOnlyCollection<string> Added)
{
    public static ConfigChange None { get; } = new(new Dictionary<string, string>(), []);

    public bool IsEmpty => Replaced.Count == 0 && Added.Count == 0;

    public IReadOnlyList<string> Keys => [.. Replaced.Keys.Concat(Added).Order(StringComparer.Ordinal)];

    /// <summary>Sets the replaced values back and unsets the added keys, without a restart: the running release never saw them.</summary>
    public async Task RevertAsync(DokkuClient dokku, string app, CancellationToken cancellationToken)
    {
        await dokku.SetConfigAsync(app, Replaced, restart: false, cancellationToken).ConfigureAwait(false);
        await dokku.UnsetConfigAsync(app, Added, cancellationToken).ConfigureAwait(false);
    }
}
