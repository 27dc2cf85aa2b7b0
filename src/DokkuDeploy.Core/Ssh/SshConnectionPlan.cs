using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Ssh.Agent;
using DokkuDeploy.Core.Ssh.Config;

namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// Where and how to log in to a Dokku remote, decided once from the settings, the environment and ssh_config.
/// Each value comes from the first source that has it:
/// <list type="bullet">
/// <item>Host: HostName from ssh_config for the remote's host (an alias), else the remote's host.</item>
/// <item>Port: the remote's port when it is not 22, else Port from ssh_config, else 22.</item>
/// <item>User: the remote's user (dokku when it names none: Dokku answers only there).</item>
/// <item>Keys: DokkuSshKey, else DOKKU_SSH_KEY (either means IdentitiesOnly); else the ssh-agent's keys (SSH_AUTH_SOCK
/// or IdentityAgent) unless IdentitiesOnly, then ssh_config's IdentityFile lines, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa.</item>
/// <item>Host key: DokkuHostKeyFingerprint, DOKKU_HOST_KEY_FINGERPRINT or DOKKU_HOST_KEY; and the known_hosts files:
/// DokkuKnownHosts, else ssh_config's UserKnownHostsFile, else ~/.ssh/known_hosts(2); always /etc/ssh/ssh_known_hosts(2).
/// The name looked up is HostKeyAlias, else the host connected to, as OpenSSH does.</item>
/// </list>
/// An empty or missing HOME is fine: then there is no user config, default key or user known_hosts.
/// </summary>
public sealed record SshConnectionPlan(SshTarget Target, SshCredentials Credentials, HostKeyPolicy HostKeys)
{
    public static readonly IReadOnlyList<string> SystemKnownHostsFiles = ["/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"];

    /// <param name="systemConfigPath">/etc/ssh/ssh_config; tests pass another or null.</param>
    public static SshConnectionPlan Make(
        DokkuRemote remote, DeployRequest request, Func<string, string?> environment, IDeployLog log,
        string? systemConfigPath = SshConfigResolver.SystemConfigPath)
    {
        var home = HomeDirectory(environment);
        var config = SshConfigResolver.ForUser(home, systemConfigPath)
            .Resolve(remote.Host, remote.User, remote.Port == DokkuRemote.DefaultPort ? null : remote.Port);
        var port = config.Port ?? DokkuRemote.DefaultPort;
        var target = new SshTarget(config.ResolvedHost, port, remote.User) { HostKeyAlias = config.HostKeyAlias };
        var tokens = new SshConfigTokens(home ?? "", Environment.UserName, config, remote.User, port);
        if (target.Host != remote.Host.ToLowerInvariant() || port != remote.Port)
        {
            log.Detail($"ssh_config: {remote.Host} is {target.Host} port {port}");
        }

        return new SshConnectionPlan(target, ChooseCredentials(request, environment, config, tokens, home), ChooseHostKeys(request, environment, config, tokens, home, target, log));
    }

    private static SshCredentials ChooseCredentials(
        DeployRequest request, Func<string, string?> environment, SshHostConfig config, SshConfigTokens tokens, string? home)
    {
        // A passphrase may begin or end with spaces: only an empty one counts as none.
        var passphrase = environment("DOKKU_SSH_KEY_PASSPHRASE") is { Length: > 0 } given ? given : null;
        var agent = Agent(environment, config, tokens);
        if (request.SshKeyFile is { } file)
        {
            // The deploy named its key: only that one, so an agent full of other keys cannot use up the server's MaxAuthTries first.
            return SshCredentials.FromKeyFiles([file], passphrase) with { Agent = agent, IdentitiesOnly = true };
        }

        if (Setting.OrNull(environment("DOKKU_SSH_KEY")) is { } content)
        {
            return SshCredentials.FromKeyContent(content, passphrase) with { Agent = null, IdentitiesOnly = true };
        }

        var identitiesOnly = config.IdentitiesOnly ?? false;
        var configured = config.IdentityFiles.Where(f => !f.Equals("none", StringComparison.OrdinalIgnoreCase)).ToList();
        var credentials = configured.Count > 0
            ? SshCredentials.FromConfiguredFiles(configured.Select(f => tokens.ExpandPath(f, "IdentityFile")), passphrase)
            : home is null ? SshCredentials.None(passphrase) : SshCredentials.DefaultIdentities(passphrase, home);
        return credentials with { Agent = agent, IdentitiesOnly = identitiesOnly };
    }

    private static SshAgentClient? Agent(Func<string, string?> environment, SshHostConfig config, SshConfigTokens tokens)
    {
        var setting = config.IdentityAgent;
        if (setting is null || setting == "SSH_AUTH_SOCK")
        {
            return Setting.OrNull(environment("SSH_AUTH_SOCK")) is { } socket ? new SshAgentClient(socket) : null;
        }

        if (setting.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (setting.StartsWith('$'))
        {
            var name = setting.TrimStart('$').Trim('{', '}');
            return Setting.OrNull(environment(name)) is { } socket ? new SshAgentClient(socket) : null;
        }

        return new SshAgentClient(tokens.ExpandPath(setting, "IdentityAgent"));
    }

    private static HostKeyPolicy ChooseHostKeys(
        DeployRequest request, Func<string, string?> environment, SshHostConfig config, SshConfigTokens tokens, string? home,
        SshTarget target, IDeployLog log)
    {
        IReadOnlyList<string> userFiles = request.KnownHostsFiles.Count > 0
            ? request.KnownHostsFiles
            : config.UserKnownHostsFiles.Count > 0
                ? config.UserKnownHostsFiles.Where(f => !f.Equals("none", StringComparison.OrdinalIgnoreCase)).Select(f => tokens.ExpandPath(f, "UserKnownHostsFile")).ToList()
                : home is null ? [] : [Path.Combine(home, ".ssh", "known_hosts"), Path.Combine(home, ".ssh", "known_hosts2")];
        var paths = request.KnownHostsFiles.Count > 0 ? userFiles : userFiles.Concat(SystemKnownHostsFiles).ToList();

        var setting = Setting.OrNull(environment("DOKKU_HOST_KEY")) is { } hostKey
            ? HostKeySetting.Parse(hostKey, "DOKKU_HOST_KEY", target.KnownHostsName, target.KnownHostsPort)
            : null;
        var pin = request.HostKeyFingerprint ?? Setting.OrNull(environment("DOKKU_HOST_KEY_FINGERPRINT")) ?? setting?.Fingerprint;
        var files = paths.Select(KnownHostsFile.Load).Append(setting?.Lines ?? KnownHostsFile.Empty);
        // New keys go to the user's file only; with no HOME and no DokkuKnownHosts there is none, and accept-new trusts nothing.
        return new HostKeyPolicy(KnownHostsFile.Combine(files), pin, userFiles.FirstOrDefault(path => !HostKeyPolicy.IsSystemFile(path)))
        {
            AcceptNewHostKeys = request.AcceptNewHostKey,
            Log = log,
        };
    }

    /// <summary>HOME when set; else the account's home from the system; null when there is none (some build servers).</summary>
    private static string? HomeDirectory(Func<string, string?> environment)
    {
        if (environment("HOME") is { } home)
        {
            return home.Trim().Length == 0 ? null : home;
        }

        var profile = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return profile.Length == 0 ? null : profile;
    }
}
