using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Dokku;

/// <summary>
/// The rule for config variable names sent with config:set: an environment variable name (letters, digits,
/// underscores, not starting with a digit). Dokku splits each KEY=VALUE at the first '=', and a name outside
/// this rule cannot be read back as an environment variable by the app anyway.
/// </summary>
public static class ConfigKey
{
    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key)
        && !char.IsAsciiDigit(key[0])
        && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <exception cref="DeployException"><see cref="DeployErrors.InvalidConfigKey"/> for a name Dokku or the app could not use.</exception>
    public static void Validate(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw DeployErrors.InvalidConfigKey(string.Empty, "it is empty");
        }

        if (char.IsAsciiDigit(key[0]))
        {
            throw DeployErrors.InvalidConfigKey(key, "it starts with a digit");
        }

        var bad = key.IndexOfAny(key.Where(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')).Take(1).ToArray());
        if (bad >= 0)
        {
            throw DeployErrors.InvalidConfigKey(Printable(key), $"it contains '{Printable(key[bad].ToString())}', which is not a letter, digit or underscore");
        }
    }

    private static string Printable(string text) =>
        new(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
