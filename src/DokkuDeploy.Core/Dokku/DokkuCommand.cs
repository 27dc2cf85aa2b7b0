using System.Text;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Dokku;

/// <summary>
/// One Dokku command line, as sent over SSH: global flags, the command, then its arguments.
/// The server gets it as ONE string and re-splits it: with xargs for most commands (so each argument is quoted
/// POSIX-style when needed), on whitespace only for commands starting with "git" (so their arguments must be
/// plain tokens). Secret arguments go on the wire but show as *** in <see cref="ToDisplay"/>.
/// </summary>
public sealed class DokkuCommand
{
    /// <summary>
    /// Longest line sent. GNU xargs builds at most 128 KiB of command line per run and would split a longer one
    /// into several runs of the command; the margin leaves room for Dokku's own path.
    /// </summary>
    public const int MaxWireLength = 100_000;

    private const string Redacted = "***";

    private readonly List<Argument> _arguments = new();
    private bool _quiet;
    private bool _force;

    public DokkuCommand(string name)
    {
        if (string.IsNullOrEmpty(name) || !char.IsAsciiLetterLower(name[0]) || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is ':' or '-' or '_'))
        {
            throw new ArgumentException($"'{name}' is not a Dokku command name.", nameof(name));
        }

        Name = name;
    }

    public string Name { get; }

    /// <summary>Dokku splits the arguments of commands starting with "git" on whitespace only, without quotes.</summary>
    public bool TakesPlainTokensOnly => Name.StartsWith("git", StringComparison.Ordinal);

    /// <summary>The arguments as the server must receive them (secrets included).</summary>
    public IReadOnlyList<string> Arguments => _arguments.Select(a => a.Value).ToList();

    /// <summary>Adds Dokku's global <c>--quiet</c> flag: no progress output (config:set then does not echo values).</summary>
    public DokkuCommand Quiet()
    {
        _quiet = true;
        return this;
    }

    /// <summary>Adds Dokku's global <c>--force</c> flag (skips confirmation prompts).</summary>
    public DokkuCommand Force()
    {
        _force = true;
        return this;
    }

    /// <exception cref="DeployException"><see cref="DeployErrors.ArgumentNotPlainToken"/> or <see cref="DeployErrors.ArgumentNotTransmittable"/> when the server could not receive the argument intact.</exception>
    public DokkuCommand Arg(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckTransmittable(value, value);
        _arguments.Add(new Argument(value, value, IsSecret: false));
        return this;
    }

    public DokkuCommand Args(params string[] values)
    {
        foreach (var value in values)
        {
            Arg(value);
        }

        return this;
    }

    /// <summary>An argument whose <paramref name="secret"/> part is sent but shown as ***, e.g. ("KEY=", value).</summary>
    public DokkuCommand SecretArg(string visiblePrefix, string secret)
    {
        ArgumentNullException.ThrowIfNull(visiblePrefix);
        ArgumentNullException.ThrowIfNull(secret);
        CheckTransmittable(visiblePrefix + secret, visiblePrefix + Redacted);
        _arguments.Add(new Argument(visiblePrefix + secret, visiblePrefix + Redacted, IsSecret: true));
        return this;
    }

    /// <summary>The exact string to send as the SSH command.</summary>
    /// <exception cref="DeployException"><see cref="DeployErrors.CommandTooLong"/> when the line is longer than <see cref="MaxWireLength"/>.</exception>
    public string ToWire()
    {
        var wire = Join(_arguments.Select(a => Quote(a.Value)));
        if (wire.Length > MaxWireLength)
        {
            throw DeployErrors.CommandTooLong(Name, wire.Length, MaxWireLength);
        }

        return wire;
    }

    /// <summary>The command as it may be logged or shown in a message: secrets replaced by ***.</summary>
    public string ToDisplay() => Join(_arguments.Select(a => a.IsSecret ? QuoteDisplay(a.Display) : Quote(a.Display)));

    public override string ToString() => ToDisplay();

    /// <summary>
    /// Quotes one argument so that GNU xargs (quotes and backslashes honoured, blanks and newlines split) yields it
    /// back unchanged: bare when it holds only safe characters, otherwise in single quotes, with '\'' for a quote
    /// and a backslash-escaped newline outside the quotes (xargs allows no newline inside quotes).
    /// </summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value.All(IsSafeBare))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 2);
        builder.Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\'':
                    builder.Append("'\\''");
                    break;
                case '\n':
                    builder.Append("'\\\n'");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.Append('\'').ToString();
    }

    private string Join(IEnumerable<string> quotedArguments)
    {
        var parts = new List<string>();
        if (_quiet)
        {
            parts.Add("--quiet");
        }

        if (_force)
        {
            parts.Add("--force");
        }

        parts.Add(Name);
        parts.AddRange(quotedArguments);
        return string.Join(' ', parts);
    }

    private void CheckTransmittable(string value, string display)
    {
        if (TakesPlainTokensOnly)
        {
            if (value.Length == 0 || !value.All(IsPlainTokenChar))
            {
                throw DeployErrors.ArgumentNotPlainToken(Name, display);
            }

            return;
        }

        if (value.Contains('\0'))
        {
            throw DeployErrors.ArgumentNotTransmittable(Name, "it contains a NUL character, which cannot travel in a command line");
        }
    }

    // A display of a secret argument keeps *** visible as such instead of quoting it.
    private static string QuoteDisplay(string display)
    {
        var prefix = display.Substring(0, display.Length - Redacted.Length);
        return prefix.Length == 0 ? Redacted : Quote(prefix) + Redacted;
    }

    private static bool IsSafeBare(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':' or '@' or '%' or '+' or '=' or ',';

    private static bool IsPlainTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '/' or '@' or '+' or '=' or ',';

    private sealed record Argument(string Value, string Display, bool IsSecret);
}
