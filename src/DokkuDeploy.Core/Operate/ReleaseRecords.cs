using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DokkuDeploy.Core.Operate;

/// <summary>
/// The release history as the server keeps it: one config value per release,
/// <c>DOKKUDEPLOY_RELEASE_&lt;unix ms&gt;_&lt;image hash&gt; = {"image":…,"at":…}</c>, so that recording a release
/// only adds its own key and never rewrites another's. Two deploys that record at once both stay: there is no
/// read-modify-write of a shared value, which lost one of them. The key is derived from the release itself, so
/// writing it twice (a retry, two migrations of the same old history) is harmless. The single JSON list of
/// earlier versions (<see cref="ReleaseList.ConfigKey"/>) is still read, and replaced by keys on the next write.
/// </summary>
public static class ReleaseRecords
{
    public const string KeyPrefix = "DOKKUDEPLOY_RELEASE_";

    public static string KeyFor(Release release)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(release.Image)))[..8];
        return $"{KeyPrefix}{release.ReleasedAt.ToUnixTimeMilliseconds().ToString("D14", CultureInfo.InvariantCulture)}_{hash}";
    }

    public static string ValueFor(Release release) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["image"] = release.Image,
        ["at"] = release.ReleasedAt,
    });

    /// <summary>The releases in the app's config, newest first, each with its key; entries DokkuDeploy did not write are skipped.</summary>
    /// <param name="legacyUnreadable">True when the old single-value history is there but is not one DokkuDeploy wrote.</param>
    public static IReadOnlyList<(string Key, Release Release)> Read(IReadOnlyDictionary<string, string> config, out bool legacyUnreadable)
    {
        var found = new Dictionary<string, Release>(StringComparer.Ordinal);
        foreach (var (key, value) in config)
        {
            if (key.StartsWith(KeyPrefix, StringComparison.Ordinal) && Parse(value) is { } release)
            {
                found[key] = release;
            }
        }

        legacyUnreadable = false;
        if (config.TryGetValue(ReleaseList.ConfigKey, out var legacy))
        {
            if (ReleaseList.Parse(legacy) is { } list)
            {
                foreach (var release in list.Releases)
                {
                    found.TryAdd(KeyFor(release), release);
                }
            }
            else
            {
                legacyUnreadable = true;
            }
        }

        return found.Select(p => (p.Key, p.Value))
            .OrderByDescending(e => e.Value.ReleasedAt)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToList();
    }

    static Release? Parse(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("image", out var image) && image.ValueKind == JsonValueKind.String && image.GetString() is { Length: > 0 } name
                && root.TryGetProperty("at", out var at) && at.TryGetDateTimeOffset(out var time))
            {
                return new Release(name, time);
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
