namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// The private keys to log in with, tried in order, and the passphrase for encrypted ones.
/// With no key given, the default identities that exist are used (~/.ssh/id_ed25519, id_ecdsa, id_rsa), like OpenSSH.
/// The passphrase never appears in ToString or in any message.
/// </summary>
public sealed record SshCredentials
{
    private static readonly string[] DefaultIdentityNames = ["id_ed25519", "id_ecdsa", "id_rsa"];

    private SshCredentials(IReadOnlyList<SshKeySource> keys, string? passphrase, IReadOnlyList<string> searched)
    {
        Keys = keys;
        Passphrase = string.IsNullOrEmpty(passphrase) ? null : passphrase;
        Searched = searched;
    }

    public IReadOnlyList<SshKeySource> Keys { get; }

    /// <summary>Used for every encrypted key.</summary>
    public string? Passphrase { get; }

    /// <summary>The default identity paths looked at (for the "no key" message); empty when keys were given.</summary>
    public IReadOnlyList<string> Searched { get; }

    /// <summary>The ssh-agent to ask for keys and signatures; null for none.</summary>
    public Agent.SshAgentClient? Agent { get; init; }

    /// <summary>
    /// OpenSSH's IdentitiesOnly: offer only <see cref="Keys"/> (signed by the agent when it holds one of them).
    /// Otherwise the agent's keys go first, then the key files, as OpenSSH orders them.
    /// </summary>
    public bool IdentitiesOnly { get; init; }

    public static SshCredentials FromKeyFiles(IEnumerable<string> paths, string? passphrase = null) =>
        new(paths.Select(SshKeySource.FromFile).ToList(), passphrase, []);

    public static SshCredentials FromKeyContent(string content, string? passphrase = null, string displayName = "the key from DOKKU_SSH_KEY") =>
        new([SshKeySource.FromContent(content, displayName)], passphrase, []);

    public static SshCredentials FromKeys(IEnumerable<SshKeySource> keys, string? passphrase = null) =>
        new(keys.ToList(), passphrase, []);

    /// <summary>
    /// IdentityFile paths from ~/.ssh/config: like default identities, one that is missing or cannot be used is
    /// skipped with a warning (OpenSSH does the same), because the deploy did not name it.
    /// </summary>
    public static SshCredentials FromConfiguredFiles(IEnumerable<string> paths, string? passphrase = null)
    {
        var list = paths.ToList();
        return new(list.Where(File.Exists).Select(SshKeySource.FromDefaultIdentity).ToList(), passphrase, list);
    }

    /// <summary>No key files: only what the agent holds.</summary>
    public static SshCredentials None(string? passphrase = null) => new([], passphrase, []);

    /// <summary>The default identity files that exist under <paramref name="homeDirectory"/>/.ssh (the user's home when null).</summary>
    public static SshCredentials DefaultIdentities(string? passphrase = null, string? homeDirectory = null)
    {
        var home = homeDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrEmpty(home))
        {
            return new([], passphrase, []);
        }

        var paths = DefaultIdentityNames.Select(name => Path.Combine(home, ".ssh", name)).ToList();
        return new(paths.Where(File.Exists).Select(SshKeySource.FromDefaultIdentity).ToList(), passphrase, paths);
    }

    public override string ToString() =>
        $"{(Agent is null ? "" : "the ssh-agent, ")}{string.Join(", ", Keys.Select(k => k.DisplayName))}{(Passphrase is null ? "" : " (with passphrase)")}";
}
