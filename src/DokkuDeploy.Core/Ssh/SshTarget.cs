namespace DokkuDeploy.Core.Ssh;

/// <summary>Where to log in: the Dokku host, its sshd port and the user (Dokku's is <c>dokku</c>).</summary>
public sealed record SshTarget(string Host, int Port, string User)
{
    /// <summary>
    /// ssh_config's HostKeyAlias: the name to look the host key up under in known_hosts instead of the host
    /// (and then without the port, as OpenSSH does).
    /// </summary>
    public string? HostKeyAlias { get; init; }

    /// <summary>The name known_hosts is searched for.</summary>
    public string KnownHostsName => HostKeyAlias ?? Host;

    /// <summary>The port known_hosts is searched for (22 means a plain name, any other <c>[name]:port</c>).</summary>
    public int KnownHostsPort => HostKeyAlias is null ? Port : 22;

    /// <summary><c>user@host:port</c>, for messages.</summary>
    public override string ToString() => $"{User}@{Host}:{Port}";
}
