using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Ssh;

/// <summary>What the host key check saw when it refused a key; becomes the coded error once SSH.NET gives up.</summary>
internal sealed record HostKeyRejection(HostKeyVerdict Verdict, string KeyType, byte[] KeyBlob)
{
    public DeployException ToError(SshTarget target, HostKeyPolicy policy)
    {
        var fingerprint = HostKeyPolicy.Fingerprint(KeyBlob);
        var line = KnownHostsFile.FormatLine(target.Host, target.Port, KeyType, KeyBlob);
        return Verdict switch
        {
            HostKeyVerdict.Revoked => DeployErrors.SshHostKeyRevoked(target.Host, target.Port, KeyType, fingerprint, policy.KnownHostsPath),
            HostKeyVerdict.Changed => DeployErrors.SshHostKeyChanged(target.Host, target.Port, KeyType, fingerprint, line, policy.KnownHostsPath),
            _ => DeployErrors.SshHostKeyUnknown(target.Host, target.Port, KeyType, fingerprint, line, policy.KnownHostsPath),
        };
    }
}
