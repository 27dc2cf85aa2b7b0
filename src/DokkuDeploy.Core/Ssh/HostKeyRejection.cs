using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Ssh;

/// <summary>What the host key check saw when it refused a key; becomes the coded error once SSH.NET gives up.</summary>
internal sealed record HostKeyRejection(HostKeyVerdict Verdict, string KeyType, byte[] KeyBlob)
{
    public DeployException ToError(SshTarget target, HostKeyPolicy policy)
    {
        var fingerprint = HostKeyPolicy.Fingerprint(KeyBlob);
        var (host, port) = (target.KnownHostsName, target.KnownHostsPort);
        var line = KnownHostsFile.FormatLine(host, port, KeyType, KeyBlob);
        return Verdict switch
        {
            HostKeyVerdict.Revoked => DeployErrors.SshHostKeyRevoked(host, port, KeyType, fingerprint, policy.KnownHostsPath),
            HostKeyVerdict.Changed => DeployErrors.SshHostKeyChanged(host, port, KeyType, fingerprint, line, policy.KnownHostsPath),
            HostKeyVerdict.KnownByOtherType => DeployErrors.SshHostKeyKnownByOtherType(host, port, KeyType, fingerprint, policy.KnownKeyTypes(host, port), policy.KnownHostsPath),
            _ => DeployErrors.SshHostKeyUnknown(host, port, KeyType, fingerprint, line, policy.KnownHostsPath),
        };
    }
}
