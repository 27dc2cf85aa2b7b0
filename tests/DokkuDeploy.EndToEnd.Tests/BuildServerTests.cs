using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// A build server: no ~/.ssh at all (HOME is an empty directory), everything in environment variables, nobody to
/// answer a prompt. DokkuDeploy must log in with the key text and trust the host key it is given, and nothing else.
/// </summary>
public sealed class BuildServerTests : SampleAppTest
{
    private const string Passphrase = "build server passphrase";

    [Test]
    public async Task Deploys_with_an_encrypted_key_its_passphrase_and_DOKKU_HOST_KEY_as_known_hosts_lines()
    {
        var knownHosts = File.ReadAllText(testBed.KnownHostsPath);

        await DeployWithOnlyEnvironmentAsync(knownHosts);
    }

    [Test]
    public async Task Deploys_with_DOKKU_HOST_KEY_as_a_fingerprint()
    {
        await DeployWithOnlyEnvironmentAsync(testBed.HostKeyFingerprint);
    }

    [Test]
    public async Task A_wrong_DOKKU_HOST_KEY_stops_before_login_without_a_prompt()
    {
        var wrong = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('=');

        var result = await RunWithOnlyEnvironmentAsync(wrong);

        Assert.That(result.ExitCode, Is.Not.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("DOKKU4011"));
    }

    private async Task DeployWithOnlyEnvironmentAsync(string hostKey)
    {
        var result = await RunWithOnlyEnvironmentAsync(hostKey);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("from DOKKU_REMOTE"));
        Assert.That(result.StandardOutput + result.StandardError, Does.Not.Contain(Passphrase), "the passphrase never reaches the log");
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(result)), Is.EqualTo("Hello from HelloDokku!"));
    }

    private async Task<ProcessResult> RunWithOnlyEnvironmentAsync(string hostKey)
    {
        var home = Directory.CreateTempSubdirectory("dokkudeploy-empty-home-").FullName;
        var keys = Directory.CreateTempSubdirectory("dokkudeploy-build-key-").FullName;
        try
        {
            // The test bed's own key, encrypted with a passphrase: the same key pair, so the server still accepts it.
            var key = Path.Combine(keys, "id_ed25519");
            File.Copy(testBed.SshKeyPath, key);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            var reencrypt = await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-p", "-f", key, "-P", "", "-N", Passphrase]);
            Assert.That(reencrypt.ExitCode, Is.Zero, reencrypt.ToString());
            var content = File.ReadAllText(key);
            Assert.That(content, Does.Not.Contain(File.ReadAllText(testBed.SshKeyPath).Split('\n')[1]), "the key text is encrypted");

            var environment = DeployRun.Environment(testBed, workspace.Root);
            environment["HOME"] = home;
            environment["DOTNET_CLI_HOME"] = home;
            environment["SSH_AUTH_SOCK"] = "";
            environment["DOKKU_REMOTE"] = $"ssh://{testBed.SshUser}@{testBed.SshHost}:{testBed.SshPort}/{app}";
            environment["DOKKU_SSH_KEY"] = content;
            environment["DOKKU_SSH_KEY_PASSPHRASE"] = Passphrase;
            environment["DOKKU_HOST_KEY"] = hostKey;
            var arguments = new[] { "publish", "HelloDokku", "-c", "Release", "-t:DokkuDeploy", "-nologo", "-v:diag", $"-p:DokkuBaseImage={testBed.AspNetImage}" };
            return await workspace.DotnetAsync(arguments, environment);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
            Directory.Delete(keys, recursive: true);
        }
    }
}
