using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Ssh;
using DokkuDeploy.Core.Ssh.Agent;

namespace DokkuDeploy.Tests.Ssh.Agent;

/// <summary>The agent client against a real ssh-agent, and logins through it to a real sshd.</summary>
[Category("Sshd")]
[NonParallelizable]
public sealed class SshAgentTests
{
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

    private SshTarget Target => new(_sshd.Host, _sshd.Port, _sshd.User);

    private HostKeyPolicy TrustingPolicy() => new(KnownHostsFile.Parse(_sshd.KnownHostsLine()));

    [Test]
    public void Lists_the_keys_as_ssh_add_L_does()
    {
        using var agent = RealSshAgent.Start();
        foreach (var type in new[] { "ed25519", "ecdsa", "rsa" })
        {
            agent.Add(TestKeys.Generate(_keys.Path, $"list_{type}_{Guid.NewGuid():N}", type));
        }

        var identities = new SshAgentClient(agent.SocketPath).ListIdentities();

        Assert.That(identities.Select(i => Convert.ToBase64String(i.KeyBlob)), Is.EqualTo(agent.ListWithSshAdd().Select(Convert.ToBase64String)));
        Assert.That(identities.Select(i => i.KeyType), Is.EqualTo(new[] { "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa" }));
        Assert.That(identities.Select(i => i.Comment), Is.All.StartWith("list_"));
    }

    [Test]
    public void An_empty_agent_lists_no_keys()
    {
        using var agent = RealSshAgent.Start();
        Assert.That(new SshAgentClient(agent.SocketPath).ListIdentities(), Is.Empty);
    }

    [TestCase("ed25519")]
    [TestCase("ecdsa")]
    [TestCase("rsa")]
    public async Task Logs_in_with_a_key_only_the_agent_holds(string type)
    {
        using var agent = RealSshAgent.Start();
        var key = TestKeys.Generate(_keys.Path, $"agent_{type}_{Guid.NewGuid():N}", type);
        _sshd.Authorize(key + ".pub");
        agent.Add(key);
        File.Delete(key);
        File.Delete(key + ".pub");
        var logBefore = _sshd.Log.Length;

        var credentials = SshCredentials.None() with { Agent = new SshAgentClient(agent.SocketPath) };
        await using var shell = await SshRemoteShell.ConnectAsync(Target, credentials, TrustingPolicy(), new CollectingLog(), CancellationToken.None);

        var output = new List<string>();
        Assert.That(await shell.RunAsync("echo via agent", null, output.Add, _ => { }, CancellationToken.None), Is.Zero);
        Assert.That(output, Is.EqualTo(new[] { "via agent" }));
        var accepted = _sshd.Log[logBefore..];
        Assert.That(accepted, Does.Contain("Accepted publickey"));
        if (type == "rsa")
        {
            // Signed with SHA-512, not the SHA-1 that ssh-rsa means: OpenSSH 8.8+ servers refuse SHA-1 signatures.
            Assert.That(accepted, Does.Contain("RSA SHA256:").And.Not.Contain("ssh-rsa"));
        }
    }

    [Test]
    public async Task An_encrypted_key_file_the_agent_holds_needs_no_passphrase()
    {
        using var agent = RealSshAgent.Start();
        var key = TestKeys.Generate(_keys.Path, $"locked_{Guid.NewGuid():N}", "ed25519", passphrase: "agent knows it");
        _sshd.Authorize(key + ".pub");
        agent.Add(key, "agent knows it");

        var credentials = SshCredentials.FromKeyFiles([key]) with { Agent = new SshAgentClient(agent.SocketPath), IdentitiesOnly = true };
        await using var shell = await SshRemoteShell.ConnectAsync(Target, credentials, TrustingPolicy(), new CollectingLog(), CancellationToken.None);

        Assert.That(await shell.RunAsync("true", null, _ => { }, _ => { }, CancellationToken.None), Is.Zero);
    }

    [Test]
    public void Without_IdentitiesOnly_the_agent_keys_come_first_then_the_files_it_does_not_hold()
    {
        using var agent = RealSshAgent.Start();
        var inAgent = TestKeys.Generate(_keys.Path, $"first_{Guid.NewGuid():N}");
        var alsoFile = TestKeys.Generate(_keys.Path, $"both_{Guid.NewGuid():N}");
        var fileOnly = TestKeys.Generate(_keys.Path, $"file_{Guid.NewGuid():N}");
        agent.Add(inAgent);
        agent.Add(alsoFile);

        var credentials = SshCredentials.FromKeyFiles([fileOnly, alsoFile]) with { Agent = new SshAgentClient(agent.SocketPath) };
        using var keys = LoginKeys.Load(credentials, new CollectingLog());

        Assert.That(keys.Keys.Select(k => k.Name).ToList(), Has.Count.EqualTo(3));
        Assert.That(keys.Keys[0].Name, Does.Contain(Path.GetFileName(inAgent)));
        Assert.That(keys.Keys[1].Name, Does.Contain(Path.GetFileName(alsoFile)));
        Assert.That(keys.Keys[2].Name, Is.EqualTo(fileOnly));
        Assert.That(keys.Keys[0].Source, Is.TypeOf<AgentKeySource>());
        Assert.That(keys.Keys[1].Source, Is.TypeOf<AgentKeySource>());
    }

    [Test]
    public void With_IdentitiesOnly_only_the_files_are_offered_signed_by_the_agent_when_it_holds_them()
    {
        using var agent = RealSshAgent.Start();
        var other = TestKeys.Generate(_keys.Path, $"other_{Guid.NewGuid():N}");
        var configured = TestKeys.Generate(_keys.Path, $"configured_{Guid.NewGuid():N}");
        var fileOnly = TestKeys.Generate(_keys.Path, $"fileonly_{Guid.NewGuid():N}");
        agent.Add(other);
        agent.Add(configured);

        var credentials = SshCredentials.FromKeyFiles([configured, fileOnly]) with { Agent = new SshAgentClient(agent.SocketPath), IdentitiesOnly = true };
        using var keys = LoginKeys.Load(credentials, new CollectingLog());

        Assert.That(keys.Keys.Select(k => k.Name), Is.EqualTo(new[] { $"{configured} (through the ssh-agent)", fileOnly }));
        Assert.That(keys.Keys[0].Source, Is.TypeOf<AgentKeySource>());
    }

    [Test]
    public async Task An_agent_that_is_not_there_is_a_warning_and_the_key_files_still_log_in()
    {
        using var dir = new TempDirectory();
        var log = new CollectingLog();
        var credentials = SshCredentials.FromKeyFiles([_sshd.ClientKey]) with { Agent = new SshAgentClient(dir.File("no-agent.sock")) };

        await using var shell = await SshRemoteShell.ConnectAsync(Target, credentials, TrustingPolicy(), log, CancellationToken.None);

        Assert.That(log.Lines, Has.One.StartsWith("warning DOKKU4027").And.Contain("no-agent.sock"));
    }

    [Test]
    public async Task An_agent_key_the_server_refuses_is_a_coded_error_naming_it()
    {
        using var agent = RealSshAgent.Start();
        var stranger = TestKeys.Generate(_keys.Path, $"stranger_{Guid.NewGuid():N}");
        agent.Add(stranger);

        var credentials = SshCredentials.None() with { Agent = new SshAgentClient(agent.SocketPath) };
        var error = await Assert.ThrowsAsync<DeployException>(() =>
            SshRemoteShell.ConnectAsync(Target, credentials, TrustingPolicy(), new CollectingLog(), CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4020"));
        Assert.That(error.Message, Does.Contain("the agent's key " + Path.GetFileName(stranger)));
    }

    [Test]
    public void Signing_with_a_key_the_agent_does_not_hold_is_refused()
    {
        using var agent = RealSshAgent.Start();
        var key = TestKeys.Generate(_keys.Path, $"absent_{Guid.NewGuid():N}");
        var (_, blob) = TestKeys.ReadPublic(key + ".pub");

        var error = Assert.Throws<SshAgentException>(() => new SshAgentClient(agent.SocketPath).Sign(blob, [1, 2, 3], 0));

        Assert.That(error!.Message, Does.Contain("refused"));
    }
}
