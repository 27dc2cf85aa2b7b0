using DokkuDeploy.Core.Errors;
using Renci.SshNet;
using Renci.SshNet.Security;

namespace DokkuDeploy.Core.Ssh.Agent;

/// <summary>
/// A key held by the ssh-agent, handed to SSH.NET's public key login: SSH.NET sends the public key and asks
/// <see cref="HostAlgorithm.Sign"/> for the signature, which the agent makes.
/// </summary>
internal sealed class AgentKeySource : IPrivateKeySource
{
    public AgentKeySource(SshAgentClient agent, AgentIdentity identity)
    {
        Identity = identity;
        HostKeyAlgorithms = [new AgentSigningAlgorithm(agent, identity)];
    }

    public AgentIdentity Identity { get; }

    public IReadOnlyCollection<HostAlgorithm> HostKeyAlgorithms { get; }

    /// <summary>Key types the agent can sign for that SSH.NET's login can offer (not certificates, not security keys).</summary>
    public static bool IsSupported(AgentIdentity identity) =>
        identity.KeyType is "ssh-ed25519" or "ssh-rsa" or "ecdsa-sha2-nistp256" or "ecdsa-sha2-nistp384" or "ecdsa-sha2-nistp521";

    private sealed class AgentSigningAlgorithm(SshAgentClient agent, AgentIdentity identity)
        // An RSA key is offered as rsa-sha2-512 only: one try per key, as OpenSSH does, because every refused
        // offer counts against the server's MaxAuthTries (6 by default) and an agent may hold many keys.
        : HostAlgorithm(identity.KeyType == "ssh-rsa" ? "rsa-sha2-512" : identity.KeyType)
    {
        public override byte[] Data => identity.KeyBlob;

        public override byte[] Sign(byte[] data)
        {
            try
            {
                return agent.Sign(identity.KeyBlob, data, identity.KeyType == "ssh-rsa" ? SshAgentClient.RsaSha2512 : 0);
            }
            catch (SshAgentException e)
            {
                throw DeployErrors.SshAgentSignFailed(identity.DisplayName, e.Message, e);
            }
        }

        public override bool VerifySignature(byte[] data, byte[] signature) =>
            throw new NotSupportedException("An agent key only signs logins.");
    }
}
