using NUnit.Framework;

namespace DokkuDeploy.Tests.Ssh;

/// <summary>
/// Locates OpenSSH's binaries. A test that needs one is skipped on a developer machine without it,
/// but fails under CI=true, where a missing tool means the machine is not set up and tests would prove nothing.
/// </summary>
internal static class OpenSsh
{
    public const string Sshd = "/usr/sbin/sshd";

    public static string SshKeygen => Require(FindOnPath("ssh-keygen") ?? "/usr/bin/ssh-keygen");

    public static string Ssh => Require(FindOnPath("ssh") ?? "/usr/bin/ssh");

    public static string SshAgent => Require(FindOnPath("ssh-agent") ?? "/usr/bin/ssh-agent");

    public static string SshAdd => Require(FindOnPath("ssh-add") ?? "/usr/bin/ssh-add");

    public static string RequireSshd() => Require(Sshd);

    private static string Require(string path)
    {
        if (File.Exists(path))
        {
            return path;
        }

        Prerequisite.Missing($"{path} is missing (apt-get install -y openssh-server openssh-client)");
        return path; // unreachable: Missing throws
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
