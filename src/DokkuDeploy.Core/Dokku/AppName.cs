using System.Text;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Dokku;

/// <summary>
/// Dokku's rule for app names, as `apps:create` enforces it: begin with a lowercase letter or digit, then only
/// lowercase letters, digits, dots and hyphens (regex <c>^[a-z0-9][a-z0-9.-]*$</c>). Dokku sets no maximum length.
/// Checked locally so a bad name fails before any connection, with a suggestion instead of Dokku's bare refusal.
/// </summary>
public static class AppName
{
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || !IsLowerAlphanumeric(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsLowerAlphanumeric(c) && c != '.' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <exception cref="DeployException"><see cref="DeployErrors.DokkuAppMissing"/> when empty, <see cref="DeployErrors.InvalidAppName"/> when Dokku would refuse the name.</exception>
    public static void Validate(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw DeployErrors.DokkuAppMissing();
        }

        if (!IsValid(name))
        {
            throw DeployErrors.InvalidAppName(name, Suggest(name));
        }
    }

    /// <summary>A valid name close to <paramref name="name"/>: lowercased, other characters turned into hyphens.</summary>
    public static string Suggest(string? name)
    {
        var builder = new StringBuilder();
        foreach (var c in (name ?? string.Empty).Trim().ToLowerInvariant())
        {
            var kept = IsLowerAlphanumeric(c) || c == '.' || c == '-' ? c : '-';
            var previous = builder.Length > 0 ? builder[^1] : '\0';
            if (kept == '-' && previous == '-')
            {
                continue;
            }

            builder.Append(kept);
        }

        var suggestion = builder.ToString().TrimStart('.', '-').TrimEnd('.', '-');
        return suggestion.Length == 0 ? "app" : suggestion;
    }

    private static bool IsLowerAlphanumeric(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';
}
