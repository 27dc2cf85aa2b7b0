using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Ssh;

namespace DokkuDeploy.Tests.Ssh;

/// <summary>
/// Passphrase-protected keys of every type, in each format ssh-keygen writes them, logging in to a real sshd:
/// from a file and from key text (DOKKU_SSH_KEY). ssh-keygen writes ed25519 keys in OpenSSH's format only.
/// </summary>
[Category("Sshd")]
[NonParallelizable]
public sealed class EncryptedKeyLoginTests
{
    private const string Passphrase = " a passphrase with spaces, ünïcode & $ymbols ";

    private ThrowawaySshd _sshd = null!;
    private TempDirectory _keys = null!;

    [OneTimeSetUp]
    public void StartServer()
    {
        _sshd = ThrowawaySshd.Start();
        _keys = new TempDirectory();
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        _sshd?.Dispose();
        _keys?.Dispose();
    }

    public static IEnumerable<TestCaseData> Keys() =>
    [
        new TestCaseData("ed25519", null).SetName("ed25519, OpenSSH format"),
        new TestCaseData("ecdsa", null).SetName("ECDSA, OpenSSH format"),
        new TestCaseData("ecdsa", "PEM").SetName("ECDSA, PEM format"),
        new TestCaseData("rsa", null).SetName("RSA, OpenSSH format"),
        new TestCaseData("rsa", "PEM").SetName("RSA, PEM format"),
        new TestCaseData("rsa", "PKCS8").SetName("RSA, PKCS#8 format"),
        new TestCaseData("ecdsa", "PKCS8").SetName("ECDSA, PKCS#8 format"),
    ];

    [TestCaseSource(nameof(Keys))]
    public async Task Logs_in_from_a_file_with_the_passphrase(string type, string? format)
    {
        var key = Generate(type, format);

        await LogInAsync(SshCredentials.FromKeyFiles([key], Passphrase));
    }

    [TestCaseSource(nameof(Keys))]
    public async Task Logs_in_from_key_text_with_the_passphrase(string type, string? format)
    {
        var key = Generate(type, format);

        await LogInAsync(SshCredentials.FromKeyContent(File.ReadAllText(key), Passphrase));
    }

    [TestCaseSource(nameof(Keys))]
    public async Task Without_the_passphrase_is_a_coded_error(string type, string? format)
    {
        var key = Generate(type, format);

        var error = await Assert.ThrowsAsync<DeployException>(() => LogInAsync(SshCredentials.FromKeyFiles([key])));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4023"));
    }

    [TestCaseSource(nameof(Keys))]
    public async Task A_wrong_passphrase_is_a_coded_error_without_either_passphrase(string type, string? format)
    {
        var key = Generate(type, format);

        var error = await Assert.ThrowsAsync<DeployException>(() => LogInAsync(SshCredentials.FromKeyFiles([key], "not it")));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4024"));
        Assert.That(error.Message, Does.Not.Contain("not it").And.Not.Contain(Passphrase.Trim()));
    }

    private string Generate(string type, string? format)
    {
        var name = $"{type}_{format ?? "openssh"}_{Guid.NewGuid():N}";
        var path = Path.Combine(_keys.Path, name);
        var arguments = new List<string> { "-q", "-t", type, "-N", Passphrase, "-C", name, "-f", path };
        if (format is not null)
        {
            arguments.AddRange(["-m", format]);
        }

        ProcessRunner.Run(OpenSsh.SshKeygen, [.. arguments]);
        _sshd.Authorize(path + ".pub");
        return path;
    }

    private async Task LogInAsync(SshCredentials credentials)
    {
        await using var shell = await SshRemoteShell.ConnectAsync(
            new SshTarget(_sshd.Host, _sshd.Port, _sshd.User), credentials, new HostKeyPolicy(KnownHostsFile.Parse(_sshd.KnownHostsLine())),
            new CollectingLog(), CancellationToken.None);
        var output = new List<string>();
        Assert.That(await shell.RunAsync("echo unlocked", null, output.Add, _ => { }, CancellationToken.None), Is.Zero);
        Assert.That(output, Is.EqualTo(new[] { "unlocked" }));
    }
}
