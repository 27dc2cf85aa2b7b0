namespace DokkuDeploy.Core.Errors;

public static partial class DeployErrors
{
    // DOKKU40xx: reaching the server.

    public static DeployException SshHostNotResolvable(string host, int port, Exception? inner = null) => new(
        "DOKKU4001",
        $"Cannot connect to the Dokku server {host}:{port}: the host name '{host}' does not resolve. " +
        "Check the host in DokkuRemote (a typo, or a name only your VPN or /etc/hosts knows), then deploy again.",
        inner);

    public static DeployException SshConnectionRefused(string host, int port, Exception? inner = null) => new(
        "DOKKU4002",
        $"Cannot connect to the Dokku server {host}:{port}: the connection was refused, so nothing listens on that port. " +
        "Check the host and port in DokkuRemote and that sshd runs on the server and listens on that port, then deploy again.",
        inner);

    public static DeployException SshConnectionTimedOut(string host, int port, int seconds, Exception? inner = null) => new(
        "DOKKU4003",
        $"Cannot connect to the Dokku server {host}:{port}: no SSH answer within {seconds} seconds. " +
        "Check the host and port in DokkuRemote, that sshd listens there, and that no firewall drops the connection, then deploy again.",
        inner);

    public static DeployException SshConnectionFailed(string host, int port, string reason, Exception? inner = null) => new(
        "DOKKU4004",
        $"Cannot open an SSH session with the Dokku server {host}:{port}: {reason}. " +
        $"Check that DokkuRemote points at the server's sshd and that `ssh -p {port} {host}` works from this machine, then deploy again.",
        inner);

    // DOKKU401x: the server's host key.

    public static DeployException SshHostKeyUnknown(
        string host, int port, string keyType, string fingerprint, string knownHostsLine, string knownHostsPath) => new(
        "DOKKU4010",
        $"The SSH host key of {host}:{port} is not known, so DokkuDeploy did not connect: it cannot tell the real server from an impostor. " +
        $"The server offered a {keyType} key with fingerprint {fingerprint}. " +
        $"Check that fingerprint with the server (on it: `ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub`), then trust the key in one of two ways: " +
        $"add this line to {knownHostsPath}:{Environment.NewLine}  {knownHostsLine}{Environment.NewLine}" +
        $"(or run `ssh-keyscan -p {port} {host} >> {knownHostsPath}`), " +
        $"or pass -p:DokkuHostKeyFingerprint={fingerprint} (on a build server: the environment variable DOKKU_HOST_KEY, with that line or fingerprint).");

    public static DeployException SshHostKeyChanged(
        string host, int port, string keyType, string fingerprint, string knownHostsLine, string knownHostsPath) => new(
        "DOKKU4011",
        $"WARNING: THE SSH HOST KEY OF {host}:{port} HAS CHANGED. Someone may be intercepting the connection (a man-in-the-middle attack), " +
        $"so DokkuDeploy did not connect and sent nothing. The server now offers a {keyType} key with fingerprint {fingerprint}, " +
        $"which does not match the key trusted in {knownHostsPath} (or DokkuHostKeyFingerprint). " +
        "If the server was reinstalled or its keys were replaced ON PURPOSE, confirm the new fingerprint with its administrator, " +
        $"remove the old entry (`ssh-keygen -R {(port == 22 ? host : $"[{host}]:{port}")} -f {knownHostsPath}`) and add this line:{Environment.NewLine}" +
        $"  {knownHostsLine}{Environment.NewLine}" +
        $"or pass -p:DokkuHostKeyFingerprint={fingerprint}. If the server has several host keys, pin the fingerprint of its {keyType} key. " +
        "Otherwise do not deploy: investigate first.");

    public static DeployException SshHostKeyRevoked(string host, int port, string keyType, string fingerprint, string knownHostsPath) => new(
        "DOKKU4012",
        $"The SSH host key of {host}:{port} ({keyType}, {fingerprint}) is marked @revoked in {knownHostsPath}, so DokkuDeploy did not connect. " +
        "A revoked key must never be accepted: ask the server's administrator for the server's current key, and trust that one instead.");

    public static DeployException SshHostKeyKnownByOtherType(
        string host, int port, string keyType, string fingerprint, IReadOnlyList<string> knownTypes, string knownHostsPath) => new(
        "DOKKU4016",
        $"WARNING: {host}:{port} is known by a {string.Join("/", knownTypes)} key in {knownHostsPath}, but the server offered only a {keyType} key " +
        $"(fingerprint {fingerprint}), so DokkuDeploy did not connect. OpenSSH warns about this too: the server may have dropped its old key type, " +
        "or someone else may be answering. Compare that fingerprint with the server's own, read on the server itself " +
        $"(`ssh-keygen -lf /etc/ssh/ssh_host_{KeyFileName(keyType)}_key.pub`), and only then add the new key to {knownHostsPath}; DokkuAcceptNewHostKey never does this for you.");

    // ssh-ed25519 -> ed25519, ecdsa-sha2-nistp256 -> ecdsa, ssh-rsa / rsa-sha2-* -> rsa: the host key file's name on the server.
    static string KeyFileName(string keyType) =>
        keyType.Contains("ed25519", StringComparison.Ordinal) ? "ed25519"
        : keyType.Contains("ecdsa", StringComparison.Ordinal) ? "ecdsa"
        : keyType.Contains("rsa", StringComparison.Ordinal) ? "rsa"
        : "*";

    public static DeployException SshHostKeyFingerprintInvalid(string value) => new(
        "DOKKU4013",
        $"DokkuHostKeyFingerprint '{value}' is not an SSH SHA256 fingerprint. " +
        "Give it as `ssh-keygen -lf` prints it, e.g. SHA256:abc… (43 characters of base64 after 'SHA256:'); " +
        "get it with `ssh-keyscan -p PORT HOST | ssh-keygen -lf -`.");

    /// <summary>DokkuAcceptNewHostKey trusted an unknown host key on first use and added it to known_hosts.</summary>
    public const string HostKeyTrustedOnFirstUseWarning = "DOKKU4014";

    public static string HostKeyTrustedOnFirstUse(string host, string keyType, string fingerprint, string knownHostsPath) =>
        $"Trusted the host key of {host} on first use ({keyType} {fingerprint}), as DokkuAcceptNewHostKey asks, " +
        $"and added it to {knownHostsPath}. Compare that fingerprint with the server's own (`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on it): " +
        "if they differ, remove the line and find out who answered. From now on any other key for this host is refused.";

    public static DeployException SshHostKeySettingInvalid(string variable) => new(
        "DOKKU4015",
        $"{variable} is neither a known_hosts line nor a SHA256 fingerprint, so DokkuDeploy cannot tell which host key to trust. " +
        "Give the server's key as `ssh-keyscan` prints it (`[host]:port ssh-ed25519 AAAA…`, or just `ssh-ed25519 AAAA…`; several lines are fine), " +
        "or its fingerprint as `ssh-keygen -lf` prints it (SHA256:…): `ssh-keyscan -p PORT HOST` gives both.");

    // DOKKU402x: who we are.

    public static DeployException SshAuthenticationRefused(string user, string host, int port, string keysTried, Exception? inner = null) => new(
        "DOKKU4020",
        $"The SSH server {host}:{port} refused to log in {user}@{host}:{port} with {keysTried}. " +
        $"Add the matching public key on the server: `ssh-copy-id -i KEY.pub -p {port} {user}@{host}`, " +
        "or for Dokku, as root on the server: `dokku ssh-keys:add NAME < KEY.pub`. " +
        "Check the user in DokkuRemote too (Dokku's is 'dokku'), and DokkuSshKey if the key is not one of ~/.ssh/id_ed25519, id_ecdsa, id_rsa.",
        inner);

    /// <summary>The ssh-agent SSH_AUTH_SOCK names cannot be used; the deploy goes on with key files only.</summary>
    public const string SshAgentUnusableWarning = "DOKKU4027";

    public static string SshAgentUnusable(string socketPath, string reason) =>
        $"Cannot use the ssh-agent at {socketPath}: {reason}. Going on with key files only. " +
        "If the agent should be there, start it and add the key (`eval $(ssh-agent)` and `ssh-add`); otherwise unset SSH_AUTH_SOCK.";

    public static DeployException SshNoPrivateKey(string searched) => new(
        "DOKKU4021",
        $"No SSH private key to log in with: none was given, no ssh-agent offered one, and none of the keys looked for exists ({searched}). " +
        "Set DokkuSshKey to the key file, or IdentityFile for the host in ~/.ssh/config, or load the key into ssh-agent (`ssh-add`), " +
        "or put the key text into the DOKKU_SSH_KEY environment variable (on build servers), " +
        "or create a key with `ssh-keygen -t ed25519` and add its public half on the server.");

    public static DeployException SshPrivateKeyNotFound(string path) => new(
        "DOKKU4022",
        $"Cannot read the SSH private key {path}: the file does not exist or is not readable. Check DokkuSshKey and the file's permissions.");

    public static DeployException SshPrivateKeyPassphraseMissing(string keyName, Exception? inner = null) => new(
        "DOKKU4023",
        $"Cannot use the SSH private key ({keyName}): it is encrypted and no passphrase was given. " +
        "Set the passphrase in the DOKKU_SSH_KEY_PASSPHRASE environment variable, or load the key into your ssh-agent (`ssh-add KEYFILE`): " +
        "a key the agent holds needs no passphrase here.",
        inner);

    public static DeployException SshPrivateKeyPassphraseWrong(string keyName, Exception? inner = null) => new(
        "DOKKU4024",
        $"Cannot use the SSH private key ({keyName}): the passphrase is wrong. " +
        "Check the passphrase given in DOKKU_SSH_KEY_PASSPHRASE (test it with `ssh-keygen -y -f KEYFILE`).",
        inner);

    public static DeployException SshPrivateKeyInvalid(string keyName, string reason, Exception? inner = null) => new(
        "DOKKU4025",
        $"Cannot use the SSH private key ({keyName}): {reason}. " +
        "Give an OpenSSH or PEM private key (the file without .pub; keys made by `ssh-keygen -t ed25519` work); " +
        "in an environment variable, keep the key's line breaks.",
        inner);

    public static DeployException SshAgentSignFailed(string key, string reason, Exception? inner = null) => new(
        "DOKKU4026",
        $"The ssh-agent did not sign the login for the key {key}: {reason}. " +
        "Check that the agent still runs and holds the key (`ssh-add -l`); a key added with `ssh-add -c` needs a confirmation that nobody can give on a build server. " +
        "Or set IdentityAgent none in ~/.ssh/config for this host, or unset SSH_AUTH_SOCK, so DokkuDeploy uses key files instead.",
        inner);

    // DOKKU403x: while a command runs.

    public static DeployException SshConnectionLost(string host, int port, string commandName, Exception? inner = null) => new(
        "DOKKU4030",
        $"The SSH connection to {host}:{port} was lost while `{commandName}` ran, so the deploy may not have completed. " +
        "Check the network and the server (is it up, did it run out of memory or disk?), then run the deploy again.",
        inner);

    // DOKKU404x: the OpenSSH client configuration (~/.ssh/config).

    public static DeployException SshConfigInvalid(string where, string reason) => new(
        "DOKKU4040",
        $"Cannot use the SSH client configuration ({where}): {reason}. " +
        "DokkuDeploy reads ~/.ssh/config and /etc/ssh/ssh_config as OpenSSH does; `ssh -G HOST` shows what OpenSSH makes of them. " +
        "Fix the line, then deploy again.");

    public static DeployException SshConfigUnreadable(string path, Exception? inner = null) => new(
        "DOKKU4041",
        $"Cannot read the SSH client configuration {path}: it exists but cannot be read. " +
        "Check its permissions (OpenSSH wants it readable by you and writable by nobody else), then deploy again.",
        inner);
}
