namespace DokkuDeploy.Core.Ssh.Agent;

/// <summary>A public key the ssh-agent holds, and the comment it was added with (usually the key file's name).</summary>
public sealed record AgentIdentity(byte[] KeyBlob, string Comment)
{
    /// <summary>ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa…, read from the blob.</summary>
    public string KeyType => SshKeyBlob.TryReadKeyType(KeyBlob) ?? "unknown";

    /// <summary>How messages name it: the comment and the fingerprint, as <c>ssh-add -l</c> shows them.</summary>
    public string DisplayName => $"the agent's key {(Comment.Length > 0 ? Comment + " " : "")}({HostKeyPolicy.Fingerprint(KeyBlob)})";

    public bool IsSameKey(byte[] blob) => KeyBlob.AsSpan().SequenceEqual(blob);
}
