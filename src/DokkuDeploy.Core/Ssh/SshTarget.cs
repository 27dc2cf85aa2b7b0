namespace DokkuDeploy.Core.Ssh;

/// <summary>Where to log in: the Dokku host, its sshd port and the user (Dokku's is <c>dokku</c>).</summary>
public sealed record SshTarget(string Host, int Port, string User)
{
    /// <summary><c>user@host:port</c>, for messages.</summary>
    public override string ToString() => $"{User}@{Host}:{Port}";
}
