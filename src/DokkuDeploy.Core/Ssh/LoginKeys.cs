using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Ssh.Agent;
using Renci.SshNet;

namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// The keys a login offers, in OpenSSH's order: without IdentitiesOnly the agent's keys first, then the key files
/// the agent does not hold; with IdentitiesOnly only the key files, signed by the agent when it holds them.
/// Owns the loaded key files until disposed.
/// </summary>
internal sealed class LoginKeys : IDisposable
{
    private readonly List<PrivateKeyFile> _files;

    private LoginKeys(IReadOnlyList<(string Name, IPrivateKeySource Source)> keys, List<PrivateKeyFile> files)
    {
        Keys = keys;
        _files = files;
    }

    public IReadOnlyList<(string Name, IPrivateKeySource Source)> Keys { get; }

    /// <summary>The keys' names for messages ("the agent's key me@laptop (SHA256:…), /home/me/.ssh/deploy").</summary>
    public string Description => string.Join(", ", Keys.Select(k => k.Name));

    public IPrivateKeySource[] Sources => Keys.Select(k => k.Source).ToArray();

    /// <exception cref="DeployException">A key the deploy named cannot be used, or there is no key at all.</exception>
    public static LoginKeys Load(SshCredentials credentials, IDeployLog log)
    {
        var agentKeys = ListAgentKeys(credentials.Agent, log);
        var keys = new List<(string, IPrivateKeySource)>();
        var files = new List<PrivateKeyFile>();
        var offered = new List<byte[]>();
        if (!credentials.IdentitiesOnly)
        {
            foreach (var identity in agentKeys)
            {
                keys.Add((identity.DisplayName, new AgentKeySource(credentials.Agent!, identity)));
                offered.Add(identity.KeyBlob);
            }
        }

        DeployException? firstSkipped = null;
        foreach (var source in credentials.Keys)
        {
            if (source.TryReadPublicKeyBlob() is { } publicKey && agentKeys.FirstOrDefault(a => a.IsSameKey(publicKey)) is { } inAgent)
            {
                // The agent holds this key already unlocked: use it there, as ssh does, so no passphrase is needed.
                if (!offered.Any(blob => blob.AsSpan().SequenceEqual(publicKey)))
                {
                    keys.Add(($"{source.DisplayName} (through the ssh-agent)", new AgentKeySource(credentials.Agent!, inAgent)));
                    offered.Add(publicKey);
                }

                continue;
            }

            try
            {
                var file = PrivateKeyLoader.LoadOne(source, credentials.Passphrase);
                files.Add(file);
                keys.Add((source.DisplayName, file));
            }
            catch (DeployException e) when (source.IsDefaultIdentity)
            {
                log.Warning(e.Code, $"Skipping the SSH key {source.DisplayName}. {e.Message}");
                firstSkipped ??= e;
            }
        }

        if (keys.Count == 0)
        {
            throw firstSkipped ?? DeployErrors.SshNoPrivateKey(string.Join(", ", credentials.Searched.DefaultIfEmpty("no default key: there is no home directory")));
        }

        return new LoginKeys(keys, files);
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }

    private static IReadOnlyList<AgentIdentity> ListAgentKeys(SshAgentClient? agent, IDeployLog log)
    {
        if (agent is null)
        {
            return [];
        }

        try
        {
            var identities = agent.ListIdentities();
            foreach (var unsupported in identities.Where(i => !AgentKeySource.IsSupported(i)))
            {
                log.Detail($"Not offering {unsupported.DisplayName}: its type {unsupported.KeyType} is not supported here.");
            }

            return identities.Where(AgentKeySource.IsSupported).ToList();
        }
        catch (SshAgentException e)
        {
            log.Warning(DeployErrors.SshAgentUnusableWarning, DeployErrors.SshAgentUnusable(agent.SocketPath, e.Message));
            return [];
        }
    }
}
