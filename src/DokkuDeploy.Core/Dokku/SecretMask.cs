namespace DokkuDeploy.Core.Dokku;

/// <summary>
/// Replaces known secret values in text with ***. A safety net for server output (e.g. a restart's container
/// output, or Dokku echoing a bad pair): values are also kept off the command display by DokkuCommand.
/// Values shorter than <see cref="MinimumLength"/> are left alone: masking "1" or "on" everywhere would garble
/// every line while protecting nothing.
/// </summary>
internal sealed class SecretMask
{
    public const int MinimumLength = 4;

    private readonly IReadOnlyList<string> _secrets;

    public SecretMask(IEnumerable<string> secrets)
    {
        // Longest first, so a secret that contains another is masked whole.
        _secrets = secrets.Where(s => s.Length >= MinimumLength).Distinct().OrderByDescending(s => s.Length).ToList();
    }

    public static SecretMask None { get; } = new(Array.Empty<string>());

    public string Apply(string text)
    {
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
