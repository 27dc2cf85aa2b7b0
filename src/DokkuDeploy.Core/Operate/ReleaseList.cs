using System.Text.Json;
using System.Text.Json.Serialization;

namespace DokkuDeploy.Core.Operate;

/// <summary>
/// The app's recent releases, newest first, as kept in its <c>DOKKUDEPLOY_RELEASES</c> config value on the
/// server: a short JSON array, so that every teammate and build server sees the same history.
/// Releasing the image the newest entry already names adds nothing; a rollback drops the releases it
/// undoes, so the next rollback goes one further back.
/// </summary>
public sealed class ReleaseList
{
    /// <summary>The config key on the server. Not a secret: image references and times only.</summary>
    public const string ConfigKey = "DOKKUDEPLOY_RELEASES";

    /// <summary>Enough to step back through a bad afternoon; small enough for one config value.</summary>
    public const int MaximumCount = 10;

    static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    readonly List<Release> releases;

    public ReleaseList(IEnumerable<Release> releases)
    {
        this.releases = releases.Take(MaximumCount).ToList();
    }

    public static ReleaseList Empty => new([]);

    /// <summary>Newest first.</summary>
    public IReadOnlyList<Release> Releases => releases;

    public Release? Current => releases.Count > 0 ? releases[0] : null;

    /// <summary>Reads the config value; null when it is not a history this class wrote.</summary>
    public static ReleaseList? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Empty;
        }

        try
        {
            var entries = JsonSerializer.Deserialize<List<Entry>>(value, Json);
            if (entries is null || entries.Any(e => string.IsNullOrWhiteSpace(e?.Image)))
            {
                return null;
            }

            return new ReleaseList(entries.Select(e => new Release(e.Image!, e.At)));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string Serialize() => JsonSerializer.Serialize(releases.Select(r => new Entry { Image = r.Image, At = r.ReleasedAt }), Json);

    /// <summary>The history after releasing <paramref name="image"/>; the same list when it is already the newest.</summary>
    public ReleaseList Add(string image, DateTimeOffset at) =>
        Current?.Image == image ? this : new ReleaseList(releases.Prepend(new Release(image, at)));

    /// <summary>
    /// The release a rollback goes back to. When the server runs the newest recorded release, that is the
    /// one before it; when it runs something else — a deploy by other means, or a git push build, which
    /// leaves no source image — it is the newest recorded one. Null when there is none.
    /// </summary>
    public Release? Previous(string? runningImage)
    {
        if (Current is { } newest && newest.Image != runningImage)
        {
            return newest;
        }

        return releases.Count > 1 ? releases[1] : null;
    }

    /// <summary>The newest release named by an image reference or a tag; null when none.</summary>
    public Release? Find(string imageOrTag) => releases.FirstOrDefault(r => r.IsNamedBy(imageOrTag));

    /// <summary>
    /// The history after rolling back to <paramref name="target"/>: the releases newer than it are
    /// undone and dropped, and it becomes the newest, released now.
    /// </summary>
    public ReleaseList RolledBackTo(Release target, DateTimeOffset at)
    {
        var index = releases.IndexOf(target);
        var older = index < 0 ? releases : releases.Skip(index + 1);
        return new ReleaseList(older.Prepend(target with { ReleasedAt = at }));
    }

    sealed class Entry
    {
        [JsonPropertyName("image")]
        public string? Image { get; set; }

        [JsonPropertyName("at")]
        public DateTimeOffset At { get; set; }
    }
}
