using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Tests.Ssh.Config;

/// <summary><c>user@alias:app</c> logs in to a real sshd through what ~/.ssh/config says about the alias.</summary>
[Category("Sshd")]
[NonParallelizable]
public sealed class SshConfigLoginTests
{
    private ThrowawaySshd _sshd = null!;
    private TempDirectory _home = null!;

    [SetUp]
    public void Start()
    {
        _sshd = ThrowawaySshd.Start();
        _home = new TempDirectory();
        Directory.CreateDirectory(_home.File(".ssh"));
        File.WriteAllText(_home.File("known_hosts"), _sshd.KnownHostsLine() + "\n");
    }

    [TearDown]
    public void Stop()
    {
        // SetUp may have stopped at a missing sshd, leaving nothing to stop.
        _sshd?.Dispose();
        _home?.Dispose();
    }

    private static DeployRequest Request() => new()
    {
        ProjectDirectory = "/nonexistent",
        PublishDirectory = "/nonexistent",
        EntryAssembly = "App.dll",
        GeneratedDockerfilePath = "/nonexistent/Dockerfile",
        BaseImage = "base",
    };

    private async Task<List<string>> RunThroughAliasAsync(string config)
    {
        File.WriteAllText(_home.File(".ssh/config"), config);
        var environment = new Dictionary<string, string> { ["HOME"] = _home.Path };
        await using var shell = await SshConnector.ConnectAsync(
            DokkuRemote.Parse($"{_sshd.User}@myalias:app"), Request(), name => environment.GetValueOrDefault(name), new CollectingLog(), CancellationToken.None);
        var output = new List<string>();
        await shell.RunAsync("echo through the alias", null, output.Add, _ => { }, CancellationToken.None);
        return output;
    }

    [Test]
    public async Task Logs_in_with_the_HostName_Port_IdentityFile_and_UserKnownHostsFile_of_the_alias()
    {
        var output = await RunThroughAliasAsync(
            $"Host myalias\n  HostName 127.0.0.1\n  Port {_sshd.Port}\n  IdentityFile {_sshd.ClientKey}\n  UserKnownHostsFile ~/known_hosts\n");

        Assert.That(output, Is.EqualTo(new[] { "through the alias" }));
    }

    [Test]
    public async Task Logs_in_with_a_HostKeyAlias()
    {
        var line = _sshd.KnownHostsLine();
        File.WriteAllText(_home.File("known_hosts"), "dokku-prod" + line[line.IndexOf(' ')..] + "\n");

        var output = await RunThroughAliasAsync(
            $"Host myalias\n  HostName 127.0.0.1\n  Port {_sshd.Port}\n  IdentityFile {_sshd.ClientKey}\n  UserKnownHostsFile ~/known_hosts\n  HostKeyAlias dokku-prod\n");

        Assert.That(output, Is.EqualTo(new[] { "through the alias" }));
    }

    [Test]
    public async Task An_unknown_host_key_names_the_alias_line_to_add()
    {
        File.WriteAllText(_home.File("known_hosts"), "");

        var error = await Assert.ThrowsAsync<DeployException>(() => RunThroughAliasAsync(
            $"Host myalias\n  HostName 127.0.0.1\n  Port {_sshd.Port}\n  IdentityFile {_sshd.ClientKey}\n  UserKnownHostsFile ~/known_hosts\n  HostKeyAlias dokku-prod\n"));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4010"));
        Assert.That(error.Message, Does.Contain($"dokku-prod {_sshd.HostKeyType} ").And.Contain(_home.File("known_hosts")));
    }
}
