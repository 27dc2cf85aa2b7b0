namespace DokkuDeploy.Core.ConfigSources;

/// <summary>
/// Whether a config variable's name says it holds a secret (DB_PASSWORD, Jwt__SigningKey,
/// ConnectionStrings__Shop, STRIPE_API_KEY), to warn when its value is written in the project. Long
/// words count anywhere in the name; short ones (KEY, PWD…) only as a word of their own, so that
/// MONKEY_COUNT, KEYCLOAK_URL or ASPNETCORE_ENVIRONMENT are not secrets.
/// </summary>
public static class SecretLookingName
{
    private static readonly string[] WordsAnywhere =
    [
        "PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "CREDENTIAL", "CONNECTIONSTRING", "APIKEY", "PRIVATEKEY", "ACCESSKEY",
    ];

    private static readonly string[] WholeWords = ["KEY", "KEYS", "PWD", "PASS", "DSN", "SALT", "PEPPER"];

    public static bool Matches(string key)
    {
        var letters = new string(key.Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();
        return WordsAnywhere.Any(word => letters.Contains(word, StringComparison.Ordinal))
            || Words(key).Any(word => WholeWords.Contains(word, StringComparer.Ordinal));
    }

    /// <summary>The words of a name: split at underscores, digits and lowercase-to-uppercase steps (camelCase).</summary>
    internal static IEnumerable<string> Words(string key)
    {
        var word = new System.Text.StringBuilder();
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            var boundary = !char.IsAsciiLetter(c)
                || (word.Length > 0 && char.IsAsciiLetterUpper(c) && char.IsAsciiLetterLower(key[i - 1]));
            if (boundary && word.Length > 0)
            {
                yield return word.ToString().ToUpperInvariant();
                word.Clear();
            }

            if (char.IsAsciiLetter(c))
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString().ToUpperInvariant();
        }
    }
}
