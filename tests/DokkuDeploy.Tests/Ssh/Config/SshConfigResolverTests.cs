using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Ssh.Config;

namespace DokkuDeploy.Tests.Ssh.Config;

/// <summary>Where DokkuDeploy deliberately differs from ssh, and what ssh -G cannot show.</summary>
public sealed class SshConfigResolverTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void MakeDirectory() => _dir = new TempDirectory();

    [TearDown]
    public void RemoveDirectory() => _dir.Dispose();

    private SshHostConfig Resolve(string config, string host = "a", string? home = null)
    {
        var path = _dir.File("config");
        File.WriteAllText(path, config);
        return new SshConfigResolver([new SshConfigSource(path, IsUserConfig: true)], home ?? _dir.Path, "me").Resolve(host);
    }

    [TestCase("Match exec \"true\"\n  Port 1\n")]
    [TestCase("Match !exec \"false\"\n  Port 1\n")]
    [TestCase("Match localnetwork 127.0.0.0/8\n  Port 1\n")]
    [TestCase("Match canonical\n  Port 1\n")]
    [TestCase("Match final\n  Port 1\n")]
    [TestCase("Match version 9*\n  Port 1\n")]
    [TestCase("Match tagged prod\n  Port 1\n")]
    public void Blocks_that_need_a_command_the_network_or_a_second_pass_never_apply(string config)
    {
        Assert.That(Resolve(config + "Host *\n  Port 2\n").Port, Is.EqualTo(2));
    }

    [Test]
    public void An_include_loop_is_a_coded_error()
    {
        File.WriteAllText(_dir.File("loop"), $"Include {_dir.File("loop")}\n");

        var error = Assert.Throws<DeployException>(() => Resolve($"Include {_dir.File("loop")}\n"));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4040"));
        Assert.That(error.Message, Does.Contain("Include"));
    }

    [Test]
    public void Without_a_home_relative_includes_are_skipped()
    {
        var path = _dir.File("config");
        File.WriteAllText(path, "Include conf.d/*\nPort 3\n");

        var config = new SshConfigResolver([new SshConfigSource(path, IsUserConfig: false)], null, "me").Resolve("a");

        Assert.That(config.Port, Is.EqualTo(3));
        var nothing = SshConfigResolver.ForUser(null, systemConfigPath: null).Resolve("a");
        Assert.That((nothing.ResolvedHost, nothing.Port, nothing.User, nothing.IdentityFiles.Count), Is.EqualTo(("a", (int?)null, (string?)null, 0)));
    }

    [Test]
    public void The_user_file_is_read_before_the_system_file()
    {
        var home = _dir.File("home");
        Directory.CreateDirectory(Path.Combine(home, ".ssh"));
        File.WriteAllText(Path.Combine(home, ".ssh", "config"), "Host a\n  Port 10\n");
        File.WriteAllText(_dir.File("system"), "Host *\n  Port 20\n  User system\n");

        var config = SshConfigResolver.ForUser(home, _dir.File("system")).Resolve("a");

        Assert.That((config.Port, config.User), Is.EqualTo(((int?)10, "system")));
    }

    [TestCase("%C", "IdentityFile")]
    [TestCase("50%", "IdentityFile")]
    public void A_token_that_cannot_be_expanded_is_a_coded_error(string value, string keyword)
    {
        var tokens = new SshConfigTokens("/home/me", "me", new SshHostConfig { OriginalHost = "a" }, "dokku", 22);

        var error = Assert.Throws<DeployException>(() => tokens.ExpandPath(value, keyword));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4040"));
    }

    [Test]
    public void Tokens_expand_as_ssh_documents_them()
    {
        var config = new SshHostConfig { OriginalHost = "Alias", HostName = "%h.example", HostKeyAlias = "prod" };
        var tokens = new SshConfigTokens("/home/me", "me", config, "dokku", 2222);

        Assert.That(tokens.ExpandPath("~/.ssh/%r@%h:%p_%n_%k_%u_%%", "IdentityFile"), Is.EqualTo("/home/me/.ssh/dokku@alias.example:2222_Alias_prod_me_%"));
        Assert.That(tokens.ExpandPath("%d/x", "IdentityFile"), Is.EqualTo("/home/me/x"));
    }
}
