using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Ssh;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Ssh;

public class HostKeyPolicyTests
{
    private const string Ed25519A = "AAAAC3NzaC1lZDI1NTE5AAAAIKouS3OHe/s/Kv+gYEHTxK9Ub+5TIE4wiwQREhZ7H1Cn";
    private const string Ed25519B = "AAAAC3NzaC1lZDI1NTE5AAAAIKdnzlZ7P+njCWmIHTlF8pMIOVRF0fJjvCLj9jeEL38D";

    private static readonly byte[] KeyA = Convert.FromBase64String(Ed25519A);
    private static readonly byte[] KeyB = Convert.FromBase64String(Ed25519B);

    [Test]
    public void Fingerprint_matches_ssh_keygen()
    {
        using var dir = new TempDirectory();
        foreach (var type in new[] { "ed25519", "ecdsa", "rsa" })
        {
            var key = TestKeys.Generate(dir.Path, type, type);
            var (_, blob) = TestKeys.ReadPublic(key + ".pub");
            var printed = ProcessRunner.Run(OpenSsh.SshKeygen, "-E", "sha256", "-lf", key + ".pub").Split(' ')[1];

            Assert.That(HostKeyPolicy.Fingerprint(blob), Is.EqualTo(printed), type);
        }
    }

    [Test]
    public void Fingerprint_of_a_known_key()
    {
        // ssh-keygen -lf prints this for Ed25519A.
        Assert.That(HostKeyPolicy.Fingerprint(KeyA), Is.EqualTo("SHA256:DOvQ7mV33KwrqZfNaDhJcHYhJ6GwaoyRPlfmddySSUY"));
    }

    [Test]
    public void Trusts_a_key_known_for_the_host()
    {
        var policy = new HostKeyPolicy(KnownHostsFile.Parse($"dokku.example.com ssh-ed25519 {Ed25519A}"));

        Assert.That(policy.Check("dokku.example.com", 22, "ssh-ed25519", KeyA), Is.EqualTo(HostKeyVerdict.Trusted));
    }

    [Test]
    public void A_host_not_in_known_hosts_is_unknown()
    {
        var policy = new HostKeyPolicy(KnownHostsFile.Parse($"other.example.com ssh-ed25519 {Ed25519A}"));

        Assert.That(policy.Check("dokku.example.com", 22, "ssh-ed25519", KeyA), Is.EqualTo(HostKeyVerdict.Unknown));
        Assert.That(policy.Check("other.example.com", 2222, "ssh-ed25519", KeyA), Is.EqualTo(HostKeyVerdict.Unknown));
    }

    [Test]
    public void Another_key_of_the_same_type_is_a_change()
    {
        var policy = new HostKeyPolicy(KnownHostsFile.Parse($"dokku.example.com ssh-ed25519 {Ed25519A}"));

        Assert.That(policy.Check("dokku.example.com", 22, "ssh-ed25519", KeyB), Is.EqualTo(HostKeyVerdict.Changed));
    }

    [Test]
    public void A_host_known_only_by_another_key_type_is_not_unknown_but_known_by_another_type()
    {
        using var dir = new TempDirectory();
        var rsa = TestKeys.Generate(dir.Path, "rsa", "rsa");
        var (_, rsaBlob) = TestKeys.ReadPublic(rsa + ".pub");
        var policy = new HostKeyPolicy(KnownHostsFile.Parse($"dokku.example.com ssh-ed25519 {Ed25519A}"));

        Assert.That(policy.Check("dokku.example.com", 22, "rsa-sha2-512", rsaBlob), Is.EqualTo(HostKeyVerdict.KnownByOtherType));
    }

    [Test]
    public void Any_of_several_keys_for_a_host_is_trusted()
    {
        var policy = new HostKeyPolicy(KnownHostsFile.Parse(
            $"dokku.example.com ssh-ed25519 {Ed25519A}\n" +
            $"dokku.example.com ssh-ed25519 {Ed25519B}\n"));

        Assert.That(policy.Check("dokku.example.com", 22, "ssh-ed25519", KeyB), Is.EqualTo(HostKeyVerdict.Trusted));
    }

    [Test]
    public void A_revoked_key_is_refused_even_when_another_line_trusts_it()
    {
        var policy = new HostKeyPolicy(KnownHostsFile.Parse(
            $"dokku.example.com ssh-ed25519 {Ed25519A}\n" +
            $"@revoked * ssh-ed25519 {Ed25519A}\n"), "SHA256:DOvQ7mV33KwrqZfNaDhJcHYhJ6GwaoyRPlfmddySSUY");

        Assert.That(policy.Check("dokku.example.com", 22, "ssh-ed25519", KeyA), Is.EqualTo(HostKeyVerdict.Revoked));
    }

    [Test]
    public void Cert_authority_lines_are_ignored()
    {
        var policy = new HostKeyPolicy(KnownHostsFile.Parse($"@cert-authority dokku.example.com ssh-ed25519 {Ed25519A}"));

        Assert.That(policy.Check("dokku.example.com", 22, "ssh-ed25519", KeyA), Is.EqualTo(HostKeyVerdict.Unknown));
        Assert.That(policy.KnownKeyTypes("dokku.example.com", 22), Is.Empty);
    }

    [TestCase("SHA256:DOvQ7mV33KwrqZfNaDhJcHYhJ6GwaoyRPlfmddySSUY")]
    [TestCase("SHA256:DOvQ7mV33KwrqZfNaDhJcHYhJ6GwaoyRPlfmddySSUY=")]
    [TestCase("  sha256:DOvQ7mV33KwrqZfNaDhJcHYhJ6GwaoyRPlfmddySSUY ")]
    public void A_pinned_fingerprint_trusts_the_key_without_known_hosts(string pin)
    {
        var policy = new HostKeyPolicy(KnownHostsFile.Empty, pin);

        Assert.That(policy.Check("dokku.example.com", 2222, "ssh-ed25519", KeyA), Is.EqualTo(HostKeyVerdict.Trusted));
        Assert.That(policy.PinnedFingerprint, Is.EqualTo("SHA256:DOvQ7mV33KwrqZfNaDhJcHYhJ6GwaoyRPlfmddySSUY"));
    }

    [Test]
    public void A_pinned_fingerprint_that_differs_is_a_change()
    {
        var policy = new HostKeyPolicy(KnownHostsFile.Empty, "SHA256:DOvQ7mV33KwrqZfNaDhJcHYhJ6GwaoyRPlfmddySSUY");

        Assert.That(policy.Check("dokku.example.com", 22, "ssh-ed25519", KeyB), Is.EqualTo(HostKeyVerdict.Changed));
    }

    [Test]
    public void Known_hosts_trusts_a_key_even_when_the_pin_names_another_of_the_servers_keys()
    {
        var policy = new HostKeyPolicy(
            KnownHostsFile.Parse($"dokku.example.com ssh-ed25519 {Ed25519B}"),
            "SHA256:DOvQ7mV33KwrqZfNaDhJcHYhJ6GwaoyRPlfmddySSUY");

        Assert.That(policy.Check("dokku.example.com", 22, "ssh-ed25519", KeyB), Is.EqualTo(HostKeyVerdict.Trusted));
    }

    [TestCase("DOvQ7mV33KwrqZfNaDhJcHYhJ6GwaoyRPlfmddySSUY")]
    [TestCase("SHA256:")]
    [TestCase("SHA256:tooshort")]
    [TestCase("MD5:12:34:56")]
    [TestCase("SHA256:DOvQ7mV33KwrqZfNaDhJcHYhJ6GwaoyRPlfmddySSU!")]
    [TestCase("SHA256:DOvQ7mV33KwrqZfNaDhJcHYhJ6GwaoyRPlfmddySSUYXX")]
    public void A_malformed_pin_is_a_coded_error(string pin)
    {
        var error = Assert.Throws<DeployException>(() => _ = new HostKeyPolicy(KnownHostsFile.Empty, pin))!;

        Assert.That(error.Code, Is.EqualTo("DOKKU4013"));
    }

    [Test]
    public void FromFiles_combines_files_and_advises_the_first()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("b"), $"[h]:2222 ssh-ed25519 {Ed25519B}\n");

        var policy = HostKeyPolicy.FromFiles([dir.File("a-missing"), dir.File("b")]);

        Assert.That(policy.Check("h", 2222, "ssh-ed25519", KeyB), Is.EqualTo(HostKeyVerdict.Trusted));
        Assert.That(policy.KnownHostsPath, Is.EqualTo(dir.File("a-missing")));
        Assert.That(policy.KnownKeyTypes("h", 2222), Is.EqualTo(new[] { "ssh-ed25519" }));
    }

    [Test]
    public void Default_paths_are_OpenSSHs()
    {
        Assert.That(HostKeyPolicy.DefaultKnownHostsPaths("/home/u"), Is.EqualTo(new[]
        {
            "/home/u/.ssh/known_hosts", "/home/u/.ssh/known_hosts2", "/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2",
        }));
    }
}
