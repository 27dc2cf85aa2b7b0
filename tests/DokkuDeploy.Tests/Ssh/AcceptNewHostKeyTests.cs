using DokkuDeploy.Core.Ssh;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Ssh;

/// <summary>Trust on first use exists only as an explicit choice, and never covers a changed key.</summary>
public sealed class AcceptNewHostKeyTests
{
    const string Ed25519A = "AAAAC3NzaC1lZDI1NTE5AAAAIKouS3OHe/s/Kv+gYEHTxK9Ub+5TIE4wiwQREhZ7H1Cn";
    const string Ed25519B = "AAAAC3NzaC1lZDI1NTE5AAAAIKdnzlZ7P+njCWmIHTlF8pMIOVRF0fJjvCLj9jeEL38D";

    static readonly byte[] KeyA = Convert.FromBase64String(Ed25519A);
    static readonly byte[] KeyB = Convert.FromBase64String(Ed25519B);

    [Test]
    public void Without_the_opt_in_an_unknown_host_stays_unknown_and_nothing_is_written()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "known_hosts");
        var policy = HostKeyPolicy.FromFiles([path]);
        Assert.That(policy.Check("dokku.example.com", 22, "ssh-ed25519", KeyA), Is.EqualTo(HostKeyVerdict.Unknown));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void With_the_opt_in_a_new_host_is_trusted_once_recorded_and_warned_about()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "ssh", "known_hosts");
        var log = new RecordingLog();
        var policy = HostKeyPolicy.FromFiles([path], acceptNewHostKeys: true, log: log);

        Assert.That(policy.Check("dokku.example.com", 2222, "ssh-ed25519", KeyA), Is.EqualTo(HostKeyVerdict.Trusted));
        Assert.That(File.ReadAllText(path), Is.EqualTo($"[dokku.example.com]:2222 ssh-ed25519 {Ed25519A}\n"));
        Assert.That(log.Warnings.Single().Code, Is.EqualTo("DOKKU4014"));
        Assert.That(log.Warnings.Single().Message, Does.Contain(HostKeyPolicy.Fingerprint(KeyA)));

        var later = HostKeyPolicy.FromFiles([path]);
        Assert.That(later.Check("dokku.example.com", 2222, "ssh-ed25519", KeyA), Is.EqualTo(HostKeyVerdict.Trusted), "the recorded key is trusted without the opt-in");
        Assert.That(later.Check("dokku.example.com", 2222, "ssh-ed25519", KeyB), Is.EqualTo(HostKeyVerdict.Changed));
    }

    [Test]
    public void The_opt_in_never_writes_under_etc_and_without_a_user_file_trusts_nothing()
    {
        // An empty HOME on a build server: only the system's files are read; none of them is ever written.
        var policy = HostKeyPolicy.FromFiles(["/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"], acceptNewHostKeys: true, log: new RecordingLog());

        Assert.That(policy.RecordPath, Is.Null);
        Assert.That(policy.KnownHostsPath, Does.Not.StartWith("/etc/"), "advice names the user's file");
        Assert.That(policy.Check("never-seen.example", 22, "ssh-ed25519", KeyA), Is.EqualTo(HostKeyVerdict.Unknown));
    }

    [Test]
    public void The_opt_in_never_accepts_a_key_of_a_type_the_host_is_not_known_by()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "known_hosts");
        File.WriteAllText(path, $"dokku.example.com ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ==\n");
        var policy = HostKeyPolicy.FromFiles([path], acceptNewHostKeys: true, log: new RecordingLog());

        Assert.That(policy.Check("dokku.example.com", 22, "ssh-ed25519", KeyA), Is.EqualTo(HostKeyVerdict.KnownByOtherType));
        Assert.That(File.ReadAllLines(path), Has.Length.EqualTo(1), "nothing recorded");

        var error = new HostKeyRejection(HostKeyVerdict.KnownByOtherType, "ssh-ed25519", KeyA)
            .ToError(new SshTarget("dokku.example.com", 22, "dokku"), policy);
        Assert.That(error.Code, Is.EqualTo("DOKKU4016"));
        Assert.That(error.Message, Does.Contain("ssh-rsa").And.Contain(HostKeyPolicy.Fingerprint(KeyA)).And.Contain("ssh_host_ed25519_key.pub")
            .And.Not.Contain("ssh-keyscan").And.Not.Contain(Ed25519A), "no line to paste");
    }

    [Test]
    public void The_opt_in_never_accepts_a_changed_key()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "known_hosts");
        File.WriteAllText(path, $"dokku.example.com ssh-ed25519 {Ed25519A}\n");
        var policy = HostKeyPolicy.FromFiles([path], acceptNewHostKeys: true, log: new RecordingLog());
        Assert.That(policy.Check("dokku.example.com", 22, "ssh-ed25519", KeyB), Is.EqualTo(HostKeyVerdict.Changed));
        Assert.That(File.ReadAllLines(path), Has.Length.EqualTo(1));
    }
}
