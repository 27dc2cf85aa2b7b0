namespace DokkuDeploy.Core.Ssh.Config;

/// <summary>
/// A config file to read and whose it is: a relative <c>Include</c> in the user's file is looked up in ~/.ssh,
/// in the system's in /etc/ssh, as OpenSSH does.
/// </summary>
public sealed record SshConfigSource(string Path, bool IsUserConfig);
