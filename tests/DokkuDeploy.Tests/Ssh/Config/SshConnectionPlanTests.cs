using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Ssh;
using DokkuDeploy.Core.Ssh.Agent;

namespace DokkuDeploy.Tests.Ssh.Config;

/// <summary>How a Dokku remote, the deploy settings, the environment and ~/.ssh/config combine into one login.</summary>
public sealed class SshConnectionPlanTests
{
    private TempDirectory _home = null!;

    [SetUp]
    public void MakeHome()
    {
        _home = new TempDirectory();
        Directory.CreateDirectory(_home.File(".ssh"));
    }

    [TearDown]
    public void RemoveHome() => _home.Dispose();

    private static DeployRequest Request(string? sshKey = null, string[]? knownHosts = null, string? fingerprint = null) => new()
    {
        ProjectDirectory = "/nonexistent",
        PublishDirectory = "/nonexistent",
        EntryAssembly = "App.dll",
        GeneratedDockerfilePath = "/nonexistent/Dockerfile",
        BaseImage = "base",
        SshKeyFile = sshKey,
        KnownHostsFiles = knownHosts ?? [],
        HostKeyFingerprint = fingerprint,
    };

    private SshConnectionPlan Plan(string remote, DeployRequest? request = null, Dictionary<string, string>? environment = null)
    {
        var variables = environment ?? [];
        variables.TryAdd("HOME", _home.Path);
        return SshConnectionPlan.Make(DokkuRemote.Parse(remote), request ?? Request(), name => variables.GetValueOrDefault(name), new CollectingLog(), systemConfigPath: null);
    }

    private void Config(string text) => File.WriteAllText(_home.File(".ssh/config"), text);

    [Test]
    public void An_alias_in_ssh_config_gives_the_host_and_port()
    {
        Config("Host myalias\n  HostName 127.0.0.1\n  Port 3022\n  User root\n");

        var plan = Plan("dokku@myalias:app");

        Assert.That(plan.Target, Is.EqualTo(new SshTarget("127.0.0.1", 3022, "dokku")));
    }

    [Test]
    public void A_port_in_the_remote_wins_over_ssh_config()
    {
        Config("Host myalias\n  HostName 127.0.0.1\n  Port 3022\n");

        Assert.That(Plan("ssh://dokku@myalias:4022/app").Target.Port, Is.EqualTo(4022));
    }

    [Test]
    public void No_config_keeps_the_remote_as_it_is()
    {
        Assert.That(Plan("dokku@Server.Example:app").Target, Is.EqualTo(new SshTarget("server.example", 22, "dokku")));
    }

    [Test]
    public void An_empty_HOME_reads_no_user_config_and_offers_no_default_key()
    {
        Config("Host myalias\n  HostName 127.0.0.1\n");
        var plan = Plan("dokku@myalias:app", environment: new() { ["HOME"] = "" });

        Assert.That(plan.Target.Host, Is.EqualTo("myalias"));
        Assert.That(plan.Credentials.Keys, Is.Empty);
        Assert.That(plan.HostKeys.KnownHostsPath, Is.EqualTo("~/.ssh/known_hosts"), "advice never names a file under /etc");
        Assert.That(plan.HostKeys.RecordPath, Is.Null, "accept-new has no user file to write to, and never writes under /etc");
    }

    [Test]
    public void IdentityFile_lines_replace_the_default_keys_with_tokens_expanded()
    {
        var key = TestKeys.Generate(_home.File(".ssh"), "deploy_myalias");
        Config("Host myalias\n  HostName 127.0.0.1\n  IdentityFile ~/.ssh/deploy_%n\n  IdentityFile ~/.ssh/missing\n  IdentitiesOnly yes\n");
        TestKeys.Generate(_home.File(".ssh"), "id_ed25519");

        var plan = Plan("dokku@myalias:app");

        Assert.That(plan.Credentials.Keys.Select(k => k.Path), Is.EqualTo(new[] { key }));
        Assert.That(plan.Credentials.IdentitiesOnly, Is.True);
    }

    [Test]
    public void Without_IdentityFile_the_default_keys_of_the_home_are_used()
    {
        var key = TestKeys.Generate(_home.File(".ssh"), "id_ed25519");

        var plan = Plan("dokku@host:app");

        Assert.That(plan.Credentials.Keys.Select(k => k.Path), Is.EqualTo(new[] { key }));
        Assert.That(plan.Credentials.IdentitiesOnly, Is.False);
    }

    [Test]
    public void DokkuSshKey_wins_over_ssh_config_and_offers_only_itself()
    {
        Config("Host *\n  IdentityFile ~/.ssh/configured\n");

        var plan = Plan("dokku@host:app", Request(sshKey: "/keys/explicit"));

        Assert.That(plan.Credentials.Keys.Select(k => k.Path), Is.EqualTo(new[] { "/keys/explicit" }));
        Assert.That(plan.Credentials.IdentitiesOnly, Is.True);
    }

    [Test]
    public void The_agent_comes_from_SSH_AUTH_SOCK_unless_IdentityAgent_says_otherwise()
    {
        Assert.That(Plan("dokku@host:app", environment: new() { ["SSH_AUTH_SOCK"] = "/run/a.sock" }).Credentials.Agent?.SocketPath, Is.EqualTo("/run/a.sock"));

        Config("Host nope\n  IdentityAgent none\nHost other\n  IdentityAgent ~/agent.sock\n");
        Assert.That(Plan("dokku@nope:app", environment: new() { ["SSH_AUTH_SOCK"] = "/run/a.sock" }).Credentials.Agent, Is.Null);
        Assert.That(Plan("dokku@other:app", environment: new() { ["SSH_AUTH_SOCK"] = "/run/a.sock" }).Credentials.Agent?.SocketPath, Is.EqualTo(_home.File("agent.sock")));
        Assert.That(Plan("dokku@host:app").Credentials.Agent, Is.Null);
    }

    [Test]
    public void UserKnownHostsFile_from_ssh_config_is_where_host_keys_are_looked_up()
    {
        Config("Host myalias\n  HostName 127.0.0.1\n  UserKnownHostsFile ~/.ssh/kh_%h /tmp/second\n");

        Assert.That(Plan("dokku@myalias:app").HostKeys.KnownHostsPath, Is.EqualTo(_home.File(".ssh/kh_127.0.0.1")));
        Assert.That(Plan("dokku@myalias:app", Request(knownHosts: ["/explicit/kh"])).HostKeys.KnownHostsPath, Is.EqualTo("/explicit/kh"));
    }

    [Test]
    public void Host_keys_are_looked_up_under_HostName_as_ssh_does()
    {
        var blob = HostKeyBlob();
        Config("Host myalias\n  HostName 127.0.0.1\n  Port 3022\n");
        File.WriteAllText(_home.File(".ssh/known_hosts"), $"[127.0.0.1]:3022 ssh-ed25519 {Convert.ToBase64String(blob)}\n");

        var plan = Plan("dokku@myalias:app");

        Assert.That(plan.HostKeys.Check(plan.Target.KnownHostsName, plan.Target.KnownHostsPort, "ssh-ed25519", blob), Is.EqualTo(HostKeyVerdict.Trusted));
    }

    [Test]
    public void HostKeyAlias_is_looked_up_without_the_port()
    {
        var blob = HostKeyBlob();
        Config("Host myalias\n  HostName 127.0.0.1\n  Port 3022\n  HostKeyAlias dokku-prod\n");
        File.WriteAllText(_home.File(".ssh/known_hosts"), $"dokku-prod ssh-ed25519 {Convert.ToBase64String(blob)}\n");

        var plan = Plan("dokku@myalias:app");

        Assert.That((plan.Target.KnownHostsName, plan.Target.KnownHostsPort), Is.EqualTo(("dokku-prod", 22)));
        Assert.That(plan.HostKeys.Check(plan.Target.KnownHostsName, plan.Target.KnownHostsPort, "ssh-ed25519", blob), Is.EqualTo(HostKeyVerdict.Trusted));
    }

    [TestCase("{host} ssh-ed25519 {key}")]
    [TestCase("ssh-ed25519 {key}")]
    [TestCase("  ssh-ed25519 {key} a comment  ")]
    [TestCase("[127.0.0.1]:3022 ssh-rsa {other}\n[127.0.0.1]:3022 ssh-ed25519 {key}\n")]
    [TestCase("# ssh-keyscan\\n{host} ssh-ed25519 {key}")]
    [TestCase("{fingerprint}")]
    public void DOKKU_HOST_KEY_trusts_the_key_it_names(string setting)
    {
        var blob = HostKeyBlob();
        var other = HostKeyBlob("rsa");
        var value = setting.Replace("{host}", "[127.0.0.1]:3022").Replace("{key}", Convert.ToBase64String(blob))
            .Replace("{other}", Convert.ToBase64String(other)).Replace("{fingerprint}", HostKeyPolicy.Fingerprint(blob));

        var plan = Plan("ssh://dokku@127.0.0.1:3022/app", environment: new() { ["DOKKU_HOST_KEY"] = value });

        Assert.That(plan.HostKeys.Check("127.0.0.1", 3022, "ssh-ed25519", blob), Is.EqualTo(HostKeyVerdict.Trusted));
        Assert.That(plan.HostKeys.Check("127.0.0.1", 3022, "ssh-ed25519", HostKeyBlob()), Is.EqualTo(HostKeyVerdict.Changed));
    }

    [Test]
    public void DOKKU_HOST_KEY_for_another_host_does_not_trust_this_one()
    {
        var blob = HostKeyBlob();

        var plan = Plan("ssh://dokku@127.0.0.1:3022/app", environment: new() { ["DOKKU_HOST_KEY"] = $"other.example ssh-ed25519 {Convert.ToBase64String(blob)}" });

        Assert.That(plan.HostKeys.Check("127.0.0.1", 3022, "ssh-ed25519", blob), Is.EqualTo(HostKeyVerdict.Unknown));
    }

    [TestCase("not a key", "DOKKU4015")]
    [TestCase("ssh-ed25519 bm90IGEga2V5", "DOKKU4015")]
    [TestCase("SHA256:tooshort", "DOKKU4013")]
    public void A_malformed_DOKKU_HOST_KEY_is_a_coded_error(string value, string code)
    {
        var error = Assert.Throws<DeployException>(() => Plan("dokku@host:app", environment: new() { ["DOKKU_HOST_KEY"] = value }));

        Assert.That(error!.Code, Is.EqualTo(code));
        Assert.That(error.Message, Does.Contain("DOKKU_HOST_KEY").Or.Contain("fingerprint"));
    }

    [Test]
    public void DOKKU_HOST_KEY_FINGERPRINT_still_pins_the_key()
    {
        var blob = HostKeyBlob();

        var plan = Plan("dokku@host:app", environment: new() { ["DOKKU_HOST_KEY_FINGERPRINT"] = HostKeyPolicy.Fingerprint(blob) });

        Assert.That(plan.HostKeys.Check("host", 22, "ssh-ed25519", blob), Is.EqualTo(HostKeyVerdict.Trusted));
    }

    private byte[] HostKeyBlob(string type = "ed25519")
    {
        var path = TestKeys.Generate(_home.Path, $"hostkey_{Guid.NewGuid():N}", type);
        return TestKeys.ReadPublic(path + ".pub").Blob;
    }
}
