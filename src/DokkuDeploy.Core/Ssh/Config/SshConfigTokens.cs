using System.Text;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Ssh.Config;

/// <summary>
/// Expands <c>~</c> and the <c>%</c> tokens OpenSSH allows in IdentityFile and UserKnownHostsFile:
/// %% %d (home) %u (local user) %h (host connected to) %n (host as given) %r (remote user) %p (port)
/// %l %L (local host name, long and short) %i (uid) %k (HostKeyAlias, else the host as given).
/// </summary>
public sealed class SshConfigTokens
{
    private readonly Dictionary<char, string> _values;

    public SshConfigTokens(string homeDirectory, string localUser, SshHostConfig config, string remoteUser, int port)
    {
        HomeDirectory = homeDirectory;
        var localHost = LocalHostName();
        var dot = localHost.IndexOf('.');
        _values = new Dictionary<char, string>
        {
            ['%'] = "%",
            ['d'] = homeDirectory,
            ['u'] = localUser,
            ['h'] = config.ResolvedHost,
            ['n'] = config.OriginalHost,
            ['r'] = remoteUser,
            ['p'] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ['l'] = localHost,
            ['L'] = dot < 0 ? localHost : localHost[..dot],
            ['i'] = OperatingSystem.IsWindows() ? "0" : UserId(),
            ['k'] = config.HostKeyAlias ?? config.OriginalHost,
        };
    }

    public string HomeDirectory { get; }

    /// <summary>A path from the config: a leading <c>~/</c> (or a lone <c>~</c>) becomes the home directory, then tokens are replaced.</summary>
    /// <exception cref="DeployException"><see cref="DeployErrors.SshConfigInvalid"/> for a token OpenSSH does not know, or one this reader does not support.</exception>
    public string ExpandPath(string value, string keyword)
    {
        var path = value == "~" ? HomeDirectory
            : value.StartsWith("~/", StringComparison.Ordinal) ? Path.Join(HomeDirectory, value[2..])
            : value;
        return Expand(path, keyword, _values);
    }

    /// <summary>HostName allows %h (the host as given) and %%.</summary>
    public static string ExpandHostName(string hostName, string originalHost) =>
        Expand(hostName, "HostName", new Dictionary<char, string> { ['%'] = "%", ['h'] = originalHost });

    private static string Expand(string value, string keyword, IReadOnlyDictionary<char, string> values)
    {
        if (!value.Contains('%'))
        {
            return value;
        }

        var result = new StringBuilder(value.Length + 32);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                result.Append(value[i]);
                continue;
            }

            if (i + 1 >= value.Length || !values.TryGetValue(value[i + 1], out var replacement))
            {
                var token = i + 1 < value.Length ? "%" + value[i + 1] : "a lone %";
                throw DeployErrors.SshConfigInvalid(keyword, $"{token} in '{value}' is not a token DokkuDeploy can expand (write %% for a literal %)");
            }

            result.Append(replacement);
            i++;
        }

        return result.ToString();
    }

    private static string LocalHostName()
    {
        try
        {
            return System.Net.Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return Environment.MachineName;
        }
    }

    private static string UserId()
    {
        try
        {
            // /proc/self/status has the real uid on Linux; elsewhere fall back to none rather than guess.
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            return line?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "";
        }
        catch (IOException)
        {
            return "";
        }
    }
}
