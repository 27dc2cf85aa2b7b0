using System.Globalization;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Ssh.Config;

/// <summary>
/// Resolves what ssh_config says for one host, as <c>ssh -G</c> does: the user's ~/.ssh/config, then
/// /etc/ssh/ssh_config; <c>Host</c> and <c>Match</c> blocks, <c>Include</c> (globs, relative to ~/.ssh or /etc/ssh),
/// and the first value found for each keyword winning. Only the keywords a deploy needs are read; others are skipped.
/// <c>Match</c> understands all, host, originalhost, user and localuser; blocks that need exec, canonical, final,
/// localnetwork (or the newer tagged, version, sessiontype, command) never apply here: DokkuDeploy runs no commands
/// from a config file, does not canonicalise names, and skipping a block is safer than applying settings meant elsewhere.
/// </summary>
public sealed class SshConfigResolver
{
    public const string SystemConfigPath = "/etc/ssh/ssh_config";

    private const string SystemConfigDirectory = "/etc/ssh";
    private const int MaxIncludeDepth = 16;

    private readonly IReadOnlyList<SshConfigSource> _sources;
    private readonly string? _homeDirectory;
    private readonly string _localUser;

    /// <param name="sources">The files in the order OpenSSH reads them; missing ones are skipped.</param>
    /// <param name="homeDirectory">For <c>~</c> and relative includes in user files; null when there is no home.</param>
    /// <param name="localUser">For <c>Match localuser</c>, and <c>Match user</c> when no user is set.</param>
    public SshConfigResolver(IReadOnlyList<SshConfigSource> sources, string? homeDirectory, string localUser)
    {
        _sources = sources;
        _homeDirectory = string.IsNullOrEmpty(homeDirectory) ? null : homeDirectory;
        _localUser = localUser;
    }

    /// <summary>~/.ssh/config (when there is a home) and then the system file, as ssh reads them without -F.</summary>
    public static SshConfigResolver ForUser(string? homeDirectory, string? systemConfigPath = SystemConfigPath, string? localUser = null)
    {
        var sources = new List<SshConfigSource>();
        if (!string.IsNullOrEmpty(homeDirectory))
        {
            sources.Add(new SshConfigSource(Path.Combine(homeDirectory, ".ssh", "config"), IsUserConfig: true));
        }

        if (systemConfigPath is not null)
        {
            sources.Add(new SshConfigSource(systemConfigPath, IsUserConfig: false));
        }

        return new SshConfigResolver(sources, homeDirectory, localUser ?? Environment.UserName);
    }

    /// <param name="host">The host as given, e.g. an alias from <c>dokku@myalias:app</c>.</param>
    /// <param name="user">A user given outside the files (like <c>ssh user@host</c>): it wins over <c>User</c>.</param>
    /// <param name="port">A port given outside the files (like <c>ssh -p</c>): it wins over <c>Port</c>.</param>
    /// <exception cref="DeployException"><see cref="DeployErrors.SshConfigInvalid"/> when a file has a line OpenSSH would refuse too.</exception>
    public SshHostConfig Resolve(string host, string? user = null, int? port = null)
    {
        var state = new State(host) { User = user, Port = port };
        foreach (var source in _sources)
        {
            var file = SshConfigFile.Load(source.Path);
            if (file is not null)
            {
                var active = true;
                Read(file, source.IsUserConfig, ref active, neverMatch: false, depth: 0, state);
            }
        }

        return state.ToConfig();
    }

    private void Read(SshConfigFile file, bool userConfig, ref bool active, bool neverMatch, int depth, State state)
    {
        foreach (var line in file.Lines)
        {
            switch (line.Keyword)
            {
                case "host":
                    active = !neverMatch && MatchesHost(line, state.OriginalHost);
                    break;
                case "match":
                    var matches = MatchesCriteria(line, state);
                    active = !neverMatch && matches;
                    break;
                case "include":
                    Include(line, userConfig, ref active, neverMatch, depth, state);
                    break;
                default:
                    Apply(line, active, state);
                    break;
            }
        }
    }

    private void Include(SshConfigLine line, bool userConfig, ref bool active, bool neverMatch, int depth, State state)
    {
        if (depth >= MaxIncludeDepth)
        {
            throw DeployErrors.SshConfigInvalid(line.Where, $"Include goes deeper than {MaxIncludeDepth} files (does a file include itself?)");
        }

        foreach (var argument in line.Arguments)
        {
            string pattern;
            if (argument.StartsWith('~'))
            {
                if (!userConfig)
                {
                    throw DeployErrors.SshConfigInvalid(line.Where, "a system file may not Include a path beginning with ~");
                }

                if (_homeDirectory is null)
                {
                    continue;
                }

                pattern = argument == "~" ? _homeDirectory : argument.StartsWith("~/", StringComparison.Ordinal) ? Path.Join(_homeDirectory, argument[2..]) : argument;
            }
            else if (!Path.IsPathRooted(argument))
            {
                if (userConfig && _homeDirectory is null)
                {
                    continue;
                }

                pattern = Path.Join(userConfig ? Path.Join(_homeDirectory, ".ssh") : SystemConfigDirectory, argument);
            }
            else
            {
                pattern = argument;
            }

            var wasActive = active;
            foreach (var path in PathGlob.Expand(pattern))
            {
                var included = SshConfigFile.Load(path);
                if (included is not null)
                {
                    Read(included, userConfig, ref active, neverMatch || !wasActive, depth + 1, state);
                    active = wasActive;
                }
            }
        }
    }

    private static bool MatchesHost(SshConfigLine line, string host)
    {
        var matched = false;
        foreach (var argument in line.Arguments)
        {
            if (argument.Length == 0)
            {
                throw DeployErrors.SshConfigInvalid(line.Where, "Host has an empty pattern");
            }

            var negated = argument[0] == '!';
            if (SshConfigPattern.IsMatch(host, negated ? argument[1..] : argument))
            {
                if (negated)
                {
                    return false;
                }

                matched = true;
            }
        }

        return matched;
    }

    private bool MatchesCriteria(SshConfigLine line, State state)
    {
        var result = true;
        var arguments = line.Arguments;
        for (var i = 0; i < arguments.Count; i++)
        {
            var attribute = arguments[i];
            var negated = attribute.StartsWith('!');
            var name = (negated ? attribute[1..] : attribute).ToLowerInvariant();
            switch (name)
            {
                case "all":
                    if (arguments.Count(a => a.TrimStart('!').ToLowerInvariant() is not ("canonical" or "final")) > 1)
                    {
                        throw DeployErrors.SshConfigInvalid(line.Where, "'Match all' cannot be combined with other criteria");
                    }

                    result &= !negated;
                    continue;
                case "canonical" or "final":
                    // No canonicalisation and no final pass here: as if this were ssh's first pass.
                    result &= negated;
                    continue;
            }

            if (i + 1 >= arguments.Count || arguments[i + 1].Length == 0 || arguments[i + 1].StartsWith('#'))
            {
                throw DeployErrors.SshConfigInvalid(line.Where, $"Match {name} needs an argument");
            }

            var argument = arguments[++i];
            bool? matched = name switch
            {
                "host" => SshConfigPattern.MatchList(state.HostForMatch, argument, lowerCase: true) == 1,
                "originalhost" => SshConfigPattern.MatchList(state.OriginalHost, argument, lowerCase: true) == 1,
                "user" => SshConfigPattern.MatchList(state.User ?? _localUser, argument, lowerCase: false) == 1,
                "localuser" => SshConfigPattern.MatchList(_localUser, argument, lowerCase: false) == 1,
                "exec" or "localnetwork" or "tagged" or "version" or "sessiontype" or "command" => null,
                _ => throw DeployErrors.SshConfigInvalid(line.Where, $"'{name}' is not a Match criterion"),
            };

            // A criterion this reader cannot evaluate (it would run a command or look at the network) never
            // matches, negated or not: skipping the block is safer than applying settings meant for elsewhere.
            result &= matched is { } m && m != negated;
        }

        return result;
    }

    private static void Apply(SshConfigLine line, bool active, State state)
    {
        switch (line.Keyword)
        {
            case "hostname":
                var hostName = Single(line);
                state.HostName ??= active ? hostName : null;
                break;
            case "port":
                var port = ParsePort(line);
                state.Port ??= active ? port : null;
                break;
            case "user":
                var user = Single(line);
                state.User ??= active ? user : null;
                break;
            case "identityfile":
                var identity = Single(line);
                if (active && !state.IdentityFiles.Contains(identity))
                {
                    state.IdentityFiles.Add(identity);
                }

                break;
            case "identitiesonly":
                var flag = ParseFlag(line);
                state.IdentitiesOnly ??= active ? flag : null;
                break;
            case "userknownhostsfile":
                CheckNoneAlone(line);
                if (active && state.UserKnownHostsFiles is null)
                {
                    state.UserKnownHostsFiles = line.Arguments;
                }

                break;
            case "hostkeyalias":
                var alias = Single(line);
                state.HostKeyAlias ??= active ? alias : null;
                break;
            case "identityagent":
                var agent = Single(line);
                state.IdentityAgent ??= active ? agent : null;
                break;
        }
    }

    private static string Single(SshConfigLine line)
    {
        if (line.Arguments.Count > 1)
        {
            throw DeployErrors.SshConfigInvalid(line.Where, $"{line.Keyword} takes one value, and this line has {line.Arguments.Count} (quote a value with spaces)");
        }

        return line.Arguments[0];
    }

    private static int ParsePort(SshConfigLine line)
    {
        var text = Single(line);
        if (text == "ssh")
        {
            return 22;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw DeployErrors.SshConfigInvalid(line.Where, $"Port '{text}' is not a number from 1 to 65535");
    }

    private static bool ParseFlag(SshConfigLine line) =>
        Single(line).ToLowerInvariant() switch
        {
            "yes" or "true" => true,
            "no" or "false" => false,
            var other => throw DeployErrors.SshConfigInvalid(line.Where, $"{line.Keyword} must be yes or no, not '{other}'"),
        };

    private static void CheckNoneAlone(SshConfigLine line)
    {
        if (line.Arguments.Count > 1 && line.Arguments.Any(a => a.Equals("none", StringComparison.OrdinalIgnoreCase)))
        {
            throw DeployErrors.SshConfigInvalid(line.Where, $"{line.Keyword} \"none\" must stand alone");
        }
    }

    private sealed class State(string originalHost)
    {
        public string OriginalHost { get; } = originalHost;

        public string? HostName { get; set; }

        public int? Port { get; set; }

        public string? User { get; set; }

        public List<string> IdentityFiles { get; } = [];

        public bool? IdentitiesOnly { get; set; }

        public IReadOnlyList<string>? UserKnownHostsFiles { get; set; }

        public string? HostKeyAlias { get; set; }

        public string? IdentityAgent { get; set; }

        /// <summary><c>Match host</c> sees HostName once a block has set it, as OpenSSH's match_cfg_line does.</summary>
        public string HostForMatch => HostName is null ? OriginalHost : SshConfigTokens.ExpandHostName(HostName, OriginalHost);

        public SshHostConfig ToConfig() => new()
        {
            OriginalHost = OriginalHost,
            HostName = HostName,
            Port = Port,
            User = User,
            IdentityFiles = IdentityFiles.ToList(),
            IdentitiesOnly = IdentitiesOnly,
            UserKnownHostsFiles = UserKnownHostsFiles ?? [],
            HostKeyAlias = HostKeyAlias,
            IdentityAgent = IdentityAgent,
        };
    }
}
