namespace DokkuDeploy.Core.Ssh.Config;

/// <summary>
/// What ssh_config says about one host, as OpenSSH resolves it: for each keyword the first value found wins,
/// except <c>IdentityFile</c>, which collects every line. Values are as written (tokens and <c>~</c> not expanded);
/// <see cref="SshConfigTokens"/> expands them. Null means the files do not set it.
/// </summary>
public sealed record SshHostConfig
{
    /// <summary>The host as given (an alias, say), which <c>Host</c> patterns match.</summary>
    public required string OriginalHost { get; init; }

    public string? HostName { get; init; }

    public int? Port { get; init; }

    public string? User { get; init; }

    public IReadOnlyList<string> IdentityFiles { get; init; } = [];

    public bool? IdentitiesOnly { get; init; }

    /// <summary>Empty when not set; a single "none" means no file.</summary>
    public IReadOnlyList<string> UserKnownHostsFiles { get; init; } = [];

    public string? HostKeyAlias { get; init; }

    /// <summary>The agent socket; "none" turns the agent off, "SSH_AUTH_SOCK" names the environment variable.</summary>
    public string? IdentityAgent { get; init; }

    /// <summary>The host to connect to: HostName with <c>%h</c> replaced by the original host, or the original host, in lower case as OpenSSH uses it.</summary>
    public string ResolvedHost => (HostName is null ? OriginalHost : SshConfigTokens.ExpandHostName(HostName, OriginalHost)).ToLowerInvariant();
}
