using System.Text.RegularExpressions;

namespace DokkuDeploy.Core.Dokku;

/// <summary>
/// Replaces known secret values in text with ***. A safety net for server output (e.g. a restart's container
/// output, or Dokku echoing a bad pair): values are also kept off the command display by DokkuCommand.
/// A value of <see cref="MinimumLength"/> characters or more is masked wherever it appears. A shorter one is
/// masked only where it stands whole right after its own key (<c>KEY:  ab</c>, <c>KEY=ab</c>, <c>"KEY":"ab"</c>):
/// masking "1" or "on" everywhere would garble every line while protecting nothing, but next to its key it is
/// the value, whatever its length.
/// </summary>
internal sealed class SecretMask
{
    public const int MinimumLength = 4;

    private const string Redacted = "***";

    private readonly IReadOnlyList<string> _secrets;
    private readonly IReadOnlyList<Regex> _shortValuesByKey;

    public SecretMask(IEnumerable<string> secrets)
        : this(secrets, new Dictionary<string, string>())
    {
    }

    /// <param name="secrets">Values masked wherever they appear (when long enough).</param>
    /// <param name="valuesByKey">Config values by key: masked everywhere when long enough, else where they follow their key.</param>
    public SecretMask(IEnumerable<string> secrets, IReadOnlyDictionary<string, string> valuesByKey)
    {
        // Longest first, so a secret that contains another is masked whole.
        _secrets = secrets.Concat(valuesByKey.Values)
            .Where(s => s.Length >= MinimumLength).Distinct().OrderByDescending(s => s.Length).ToList();
        _shortValuesByKey = valuesByKey
            .Where(pair => pair.Key.Length > 0 && pair.Value.Length is > 0 and < MinimumLength)
            .Select(pair => ValueAfterKey(pair.Key, pair.Value))
            .ToList();
    }

    public static SecretMask None { get; } = new(Array.Empty<string>());

    public string Apply(string text)
    {
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Redacted, StringComparison.Ordinal);
            }
        }

        foreach (var pattern in _shortValuesByKey)
        {
            text = pattern.Replace(text, "${prefix}" + Redacted);
        }

        return text;
    }

    // KEY as a whole name (optionally quoted), then : or = with optional blanks and an opening quote, then the
    // value as a whole token: followed by the end, a blank, a closing quote or a separator.
    private static Regex ValueAfterKey(string key, string value) => new(
        $@"(?<prefix>(?<![\w.-])[""']?{Regex.Escape(key)}[""']?[ \t]*[:=][ \t]*[""']?){Regex.Escape(value)}(?=[""']|[\s,;}}\]]|$)",
        RegexOptions.CultureInvariant);
}
