using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Dokku;

/// <summary>
/// Where to deploy: the SSH user, host and port of a Dokku server and the app on it. Read from a git-style remote
/// (<c>dokku@host:app</c>, <c>ssh://dokku@host:2222/app</c>) or built from a host and an app name.
/// <see cref="Host"/> holds an IPv6 address without brackets.
/// </summary>
public sealed record DokkuRemote(string User, string Host, int Port, string App)
{
    public const string DefaultUser = "dokku";
    public const int DefaultPort = 22;

    private const string SshScheme = "ssh://";

    /// <summary>user@host, as an SSH client names the server (IPv6 without brackets).</summary>
    public string Server => $"{User}@{Host}";

    /// <summary>The ssh command line a user would type to reach this server, for messages.</summary>
    public string SshCommand => Port == DefaultPort ? $"ssh {Server}" : $"ssh -p {Port} {Server}";

    public override string ToString() => $"ssh://{User}@{HostForUri}:{Port}/{App}";

    private string HostForUri => Host.Contains(':') ? $"[{Host}]" : Host;

    /// <exception cref="DeployException"><see cref="DeployErrors.InvalidDokkuRemote"/> (and <see cref="DeployErrors.DokkuAppMissing"/> or <see cref="DeployErrors.InvalidAppName"/> for the app part) when the text is not a remote.</exception>
    public static DokkuRemote Parse(string? text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            throw DeployErrors.InvalidDokkuRemote(string.Empty, "it is empty");
        }

        var remote = trimmed.StartsWith(SshScheme, StringComparison.OrdinalIgnoreCase)
            ? ParseSshUrl(trimmed, trimmed.Substring(SshScheme.Length))
            : ParseScpLike(trimmed);
        AppName.Validate(remote.App);
        return remote;
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out DokkuRemote? remote)
    {
        try
        {
            remote = Parse(text);
            return true;
        }
        catch (DeployException)
        {
            remote = null;
            return false;
        }
    }

    /// <summary>
    /// Builds a remote from separate settings (DOKKU_HOST + DOKKU_APP). The host may carry a user and a port:
    /// <c>host</c>, <c>user@host</c>, <c>host:2222</c>, <c>[::1]:2222</c>, <c>::1</c>, or <c>ssh://user@host:2222</c>.
    /// </summary>
    public static DokkuRemote FromHostAndApp(string? host, string? app)
    {
        var trimmedHost = (host ?? string.Empty).Trim().TrimEnd('/');
        if (trimmedHost.Length == 0)
        {
            throw DeployErrors.DokkuHostMissing();
        }

        var appName = (app ?? string.Empty).Trim();
        AppName.Validate(appName);

        var authority = trimmedHost.StartsWith(SshScheme, StringComparison.OrdinalIgnoreCase)
            ? trimmedHost.Substring(SshScheme.Length)
            : trimmedHost;
        var (user, hostName, port, error) = ReadAuthority(authority, allowBareIpv6: true);
        if (error is not null)
        {
            throw DeployErrors.InvalidDokkuHost(Redact(trimmedHost), error);
        }

        return new DokkuRemote(user, hostName, port, appName);
    }

    private static DokkuRemote ParseSshUrl(string text, string rest)
    {
        var slash = rest.IndexOf('/');
        if (slash < 0)
        {
            throw DeployErrors.InvalidDokkuRemote(Redact(text), "the app is missing after the host (ssh://user@host:port/app)");
        }

        var (user, host, port, error) = ReadAuthority(rest.Substring(0, slash), allowBareIpv6: false);
        if (error is not null)
        {
            throw DeployErrors.InvalidDokkuRemote(Redact(text), error);
        }

        var app = TrimAppSuffixes(rest.Substring(slash + 1));
        if (app.Contains('/'))
        {
            throw DeployErrors.InvalidDokkuRemote(text, $"the path '/{app}' has more than one part; Dokku remotes name just the app");
        }

        return new DokkuRemote(user, host, port, RequireApp(text, app));
    }

    private static DokkuRemote ParseScpLike(string text)
    {
        if (text.Contains("://", StringComparison.Ordinal))
        {
            throw DeployErrors.InvalidDokkuRemote(Redact(text), "only ssh:// URLs reach Dokku");
        }

        var at = text.IndexOf('@');
        var user = DefaultUser;
        var rest = text;
        if (at >= 0)
        {
            user = text.Substring(0, at);
            rest = text.Substring(at + 1);
            var userError = CheckUser(user);
            if (userError is not null)
            {
                throw DeployErrors.InvalidDokkuRemote(Redact(text), userError);
            }
        }

        string host;
        string app;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            if (close < 0)
            {
                throw DeployErrors.InvalidDokkuRemote(text, "the IPv6 address has no closing ']'");
            }

            host = rest.Substring(1, close - 1);
            if (!IsIpv6(host))
            {
                throw DeployErrors.InvalidDokkuRemote(text, $"'[{host}]' is not an IPv6 address");
            }

            if (close + 1 >= rest.Length || rest[close + 1] != ':')
            {
                throw DeployErrors.InvalidDokkuRemote(text, "a ':' and the app must follow the host (host:app)");
            }

            app = rest.Substring(close + 2);
        }
        else
        {
            var colon = rest.IndexOf(':');
            if (colon < 0)
            {
                throw DeployErrors.InvalidDokkuRemote(text, "a ':' and the app must follow the host (host:app)");
            }

            host = rest.Substring(0, colon);
            app = rest.Substring(colon + 1);
            if (app.Contains(':'))
            {
                throw DeployErrors.InvalidDokkuRemote(text,
                    "it has more than one ':'; write a port as ssh://user@host:port/app and an IPv6 address in brackets, [::1]");
            }

            var hostError = CheckHostName(host);
            if (hostError is not null)
            {
                throw DeployErrors.InvalidDokkuRemote(text, hostError);
            }
        }

        app = TrimAppSuffixes(app);
        if (app.Contains('/'))
        {
            throw DeployErrors.InvalidDokkuRemote(text, $"the path '{app}' is not an app name; Dokku remotes name just the app (host:app)");
        }

        return new DokkuRemote(user, host, DefaultPort, RequireApp(text, app));
    }

    /// <summary>Reads [user@]host[:port] where host may be [ipv6]. Returns an error text instead of throwing.</summary>
    private static (string User, string Host, int Port, string? Error) ReadAuthority(string authority, bool allowBareIpv6)
    {
        var user = DefaultUser;
        var rest = authority;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            user = authority.Substring(0, at);
            rest = authority.Substring(at + 1);
            var userError = CheckUser(user);
            if (userError is not null)
            {
                return (user, string.Empty, 0, userError);
            }
        }

        string host;
        string? portText = null;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            if (close < 0)
            {
                return (user, string.Empty, 0, "the IPv6 address has no closing ']'");
            }

            host = rest.Substring(1, close - 1);
            if (!IsIpv6(host))
            {
                return (user, string.Empty, 0, $"'[{host}]' is not an IPv6 address");
            }

            var after = rest.Substring(close + 1);
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    return (user, string.Empty, 0, $"unexpected '{after}' after the IPv6 address");
                }

                portText = after.Substring(1);
            }
        }
        else if (allowBareIpv6 && rest.Count(c => c == ':') > 1 && IsIpv6(rest))
        {
            host = rest;
        }
        else
        {
            var colon = rest.IndexOf(':');
            host = colon < 0 ? rest : rest.Substring(0, colon);
            portText = colon < 0 ? null : rest.Substring(colon + 1);
            var hostError = CheckHostName(host);
            if (hostError is not null)
            {
                return (user, string.Empty, 0, hostError);
            }
        }

        var port = DefaultPort;
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            return (user, host, 0, $"the port '{portText}' is not a number from 1 to 65535");
        }

        return (user, host, port, null);
    }

    private static string RequireApp(string text, string app)
    {
        if (app.Length == 0)
        {
            throw DeployErrors.InvalidDokkuRemote(text, "the app name is missing");
        }

        return app;
    }

    private static string TrimAppSuffixes(string app)
    {
        var trimmed = app.TrimEnd('/');
        if (trimmed.EndsWith(".git", StringComparison.Ordinal))
        {
            trimmed = trimmed.Substring(0, trimmed.Length - 4);
        }

        return trimmed;
    }

    private static string? CheckUser(string user)
    {
        if (user.Length == 0)
        {
            return "the user before '@' is empty";
        }

        if (user.Contains(':'))
        {
            return "a password in the remote is not supported; DokkuDeploy signs in with an SSH key";
        }

        foreach (var c in user)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') || user[0] == '-')
            {
                return $"the user '{user}' contains characters other than letters, digits, '.', '_' and '-'";
            }
        }

        return null;
    }

    private static string? CheckHostName(string host)
    {
        if (host.Length == 0)
        {
            return "the host is empty";
        }

        if (host[0] is '-' or '.')
        {
            return $"the host '{host}' must begin with a letter or digit";
        }

        foreach (var c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                return $"the host '{host}' contains characters other than letters, digits, '.', '-' and '_' (write an IPv6 address in brackets)";
            }
        }

        return null;
    }

    private static bool IsIpv6(string text) =>
        text.Contains(':') && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>Hides a password-like user:secret@ part before the text goes into a message.</summary>
    private static string Redact(string text)
    {
        var start = text.StartsWith(SshScheme, StringComparison.OrdinalIgnoreCase) ? SshScheme.Length : 0;
        var at = text.IndexOf('@', start);
        if (at < 0)
        {
            return text;
        }

        var colon = text.IndexOf(':', start);
        return colon >= 0 && colon < at ? text.Substring(0, colon + 1) + "***" + text.Substring(at) : text;
    }
}
