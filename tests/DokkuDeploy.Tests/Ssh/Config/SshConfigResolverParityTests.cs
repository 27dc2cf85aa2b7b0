using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Ssh.Config;

namespace DokkuDeploy.Tests.Ssh.Config;

/// <summary>
/// Each case is an ssh_config (and the files it includes) and an ssh command line; the real <c>ssh -G -F FILE</c>
/// says what OpenSSH makes of it, and <see cref="SshConfigResolver"/> must say the same for the keywords a deploy uses.
/// </summary>
public sealed class SshConfigResolverParityTests
{
    public sealed record Case(string Name, string Config, string[] Command, IReadOnlyDictionary<string, string>? Files = null)
    {
        public override string ToString() => Name;
    }

    private static readonly Dictionary<string, string> NoFiles = [];

    public static IEnumerable<Case> Cases() =>
    [
        new("alias with HostName, Port and User", "Host myalias\n  HostName 127.0.0.1\n  Port 3022\n  User dokku\n", ["myalias"]),
        new("an alias does not match another host", "Host myalias\n  HostName 127.0.0.1\n  Port 3022\n", ["other"]),
        new("Host patterns are case-sensitive", "Host MyAlias\n  HostName real.example\n  Port 2022\n", ["myalias"]),
        new("the host as typed matches its case and HostName ends lower case", "Host MyAlias\n  HostName Real.Example\n", ["MyAlias"]),
        new("keywords in any case, Key=Value and Key = Value", "HOST=srv\nHOSTNAME = real.example\nport=2200\nuSeR\t=\tdeploy\n", ["srv"]),
        new("tabs and a leading blank", "\tHost\tsrv\n\t\tPort\t2201\n", ["srv"]),
        new("a * pattern", "Host *.example.com\n  User web\n", ["a.example.com"]),
        new("a ? pattern", "Host db?\n  Port 5433\n", ["db1"]),
        new("a ? pattern needs exactly one character", "Host db?\n  Port 5433\n", ["db12"]),
        new("negation excludes a host that * matches", "Host * !bastion\n  User everyone\nHost bastion\n  User jump\n", ["bastion"]),
        new("negation leaves other hosts matched", "Host * !bastion\n  User everyone\nHost bastion\n  User jump\n", ["web"]),
        new("only a negation matches nothing", "Host !bastion\n  Port 2\n", ["web"]),
        new("several patterns on one line", "Host a b c\n  Port 1001\n", ["b"]),
        new("the first value wins", "Host x\n  Port 1\nHost *\n  Port 2\n  User u2\nHost x\n  User u1\n", ["x"]),
        new("lines before any Host apply to every host", "Port 2022\nHost x\n  Port 1\n", ["x"]),
        new("HostName with %h", "Host *.lan\n  HostName %h.example.org\n", ["box.lan"]),
        new("HostName with %%h is literal", "Host a\n  HostName a%%h.example\n", ["a"]),
        new("IdentityFile lines collect, raw", "Host a\n  IdentityFile ~/.ssh/id_%r@%h\n  IdentityFile /keys/%u_%d\nHost *\n  IdentityFile ~/.ssh/deploy\n", ["a"]),
        new("a repeated IdentityFile counts once", "Host a\n  IdentityFile ~/.ssh/k\nHost *\n  IdentityFile ~/.ssh/k\n", ["a"]),
        new("quotes and escapes", "Host a\n  IdentityFile \"/tmp/my keys/id\"\n  IdentityFile '/tmp/single q'\n  IdentityFile /tmp/back\\ slash\n", ["a"]),
        new("comments", "# a comment\nHost a # after the pattern\n  Port 7 # after the value\n  # User nobody\n", ["a"]),
        new("IdentitiesOnly yes", "Host a\n  IdentitiesOnly yes\n  IdentityFile ~/.ssh/deploy\n", ["a"]),
        new("IdentitiesOnly true and first wins", "Host a\n  IdentitiesOnly TRUE\nHost *\n  IdentitiesOnly no\n", ["a"]),
        new("IdentitiesOnly no", "IdentitiesOnly no\n", ["a"]),
        new("UserKnownHostsFile with several files and tokens", "Host a\n  UserKnownHostsFile ~/.ssh/kh_%h %d/kh2 /tmp/kh_%p_%r_%n_%u_%k\nHost *\n  UserKnownHostsFile /ignored\n", ["-p", "2222", "me@a"]),
        new("UserKnownHostsFile none", "Host a\n  UserKnownHostsFile none\n", ["a"]),
        new("UserKnownHostsFile tokens see HostName", "Host a\n  HostName Real.Example\n  UserKnownHostsFile /tmp/kh_%h_%n\n", ["a"]),
        new("HostKeyAlias", "Host a\n  HostName 127.0.0.1\n  HostKeyAlias dokku-prod\n", ["a"]),
        new("HostKeyAlias in %k", "Host a\n  HostKeyAlias dokku-prod\n  UserKnownHostsFile /tmp/kh_%k\n", ["a"]),
        new("IdentityAgent", "Host a\n  IdentityAgent /run/agent.sock\nHost *\n  IdentityAgent none\n", ["a"]),
        new("IdentityAgent none", "Host *\n  IdentityAgent none\n", ["a"]),
        new("a user and port on the command line win", "Host a\n  User configured\n  Port 2022\n", ["-p", "2200", "dokku@a"]),
        new("Include relative to ~/.ssh with a glob, in order", "Include conf.d/*.conf\nHost *\n  Port 9\n", ["a"],
            new Dictionary<string, string> { [".ssh/conf.d/b.conf"] = "Host a\n  Port 2\n  User fromb\n", [".ssh/conf.d/a.conf"] = "Host a\n  Port 1\n", [".ssh/conf.d/c.txt"] = "User notconf\n" }),
        new("Include with ~ and several files on one line", "Include ~/.ssh/one ~/.ssh/two\n", ["a"],
            new Dictionary<string, string> { [".ssh/one"] = "Host a\n  HostName one.example\n", [".ssh/two"] = "Host a\n  User two\n  HostName two.example\n" }),
        new("Include in an inactive block adds nothing", "Host other\n  Include extra\nHost *\n  User main\n", ["a"],
            new Dictionary<string, string> { [".ssh/extra"] = "Port 5\nHost a\n  User x\n" }),
        new("Include in an active block, then the block goes on", "Host a\n  Include extra\n  Port 77\n", ["a"],
            new Dictionary<string, string> { [".ssh/extra"] = "User inc\nHost zzz\n  Port 3\n" }),
        new("Include of an absolute glob that matches nothing", "Include /nonexistent-dir-for-test/*.conf\nHost a\n  Port 8\n", ["a"]),
        new("Include by absolute path", "Include {home}/elsewhere.conf\n", ["a"],
            new Dictionary<string, string> { ["elsewhere.conf"] = "Host a\n  Port 4242\n" }),
        new("Match all", "Host x\n  Port 1\nMatch all\n  User m\n", ["a"]),
        new("Match host sees HostName", "Host a\n  HostName real.lan\nMatch host *.lan\n  Port 44\n", ["a"]),
        new("Match host lists compare in lower case", "Match host A,B\n  Port 46\n", ["a"]),
        new("Match originalhost and !user", "Match originalhost a,b !user root\n  Port 45\n", ["dokku@a"]),
        new("Match user sees the user given", "Match user dokku\n  Port 47\n", ["dokku@a"]),
        new("Match with a negated list item", "Match host *,!secret\n  Port 48\n", ["secret"]),
        new("Match exec that fails", "Match exec \"false\"\n  Port 49\n", ["a"]),
        new("Match localuser", $"Match localuser {Environment.UserName}\n  User local-matched\n", ["a"]),
        new("Match then Host switches back", "Match host nothing\n  Port 1\nHost a\n  Port 2\n", ["a"]),
    ];

    public static IEnumerable<(string Name, string Config)> RefusedConfigs() =>
    [
        ("a port that is not a number", "Host a\n  Port abc\n"),
        ("a port out of range", "Port 70000\n"),
        ("an unclosed quote", "Host a\n  IdentityFile \"/tmp/x\n"),
        ("two values for IdentityFile", "Host a\n  IdentityFile /a /b\n"),
        ("a keyword without a value", "Host a\n  HostName\n"),
        ("IdentitiesOnly maybe", "IdentitiesOnly maybe\n"),
        ("Match all with another criterion", "Match all host a\n  Port 1\n"),
        ("an unknown Match criterion", "Match planet earth\n  Port 1\n"),
        ("Match host without a pattern", "Match host\n"),
        ("UserKnownHostsFile none with another file", "UserKnownHostsFile none /tmp/x\n"),
    ];

    [TestCaseSource(nameof(Cases))]
    public void Resolves_as_ssh_G_does(Case test)
    {
        using var home = new TempDirectory();
        var config = WriteFiles(home, test.Config, test.Files ?? NoFiles);
        var ssh = SshDashG.Run(config, home.Path, test.Command);
        Assert.That(ssh.ExitCode, Is.Zero, ssh.Error);
        var passwordHome = SshDashG.PasswordHome(home.Path);

        var (host, user, port) = ReadCommand(test.Command);
        var localUser = Environment.UserName;
        var ours = new SshConfigResolver([new SshConfigSource(config, IsUserConfig: true)], home.Path, localUser).Resolve(host, user, port);

        var remoteUser = ours.User ?? localUser;
        var resolvedPort = ours.Port ?? 22;
        var tokens = new SshConfigTokens(passwordHome, localUser, ours, remoteUser, resolvedPort);
        var knownHosts = ours.UserKnownHostsFiles.Count > 0 ? ours.UserKnownHostsFiles : ["~/.ssh/known_hosts", "~/.ssh/known_hosts2"];
        Assert.Multiple(() =>
        {
            Assert.That(ours.ResolvedHost, Is.EqualTo(ssh.One("hostname")), "hostname");
            Assert.That(resolvedPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(ssh.One("port")), "port");
            Assert.That(remoteUser, Is.EqualTo(ssh.One("user")), "user");
            Assert.That(ours.IdentityFiles.Count > 0 ? ours.IdentityFiles : DefaultIdentityFiles, Is.EqualTo(ssh.All("identityfile")), "identityfile");
            Assert.That(ours.IdentitiesOnly == true ? "yes" : "no", Is.EqualTo(ssh.One("identitiesonly")), "identitiesonly");
            Assert.That(string.Join(' ', knownHosts.Select(k => tokens.ExpandPath(k, "UserKnownHostsFile"))), Is.EqualTo(ssh.One("userknownhostsfile")), "userknownhostsfile");
            Assert.That(ours.HostKeyAlias, Is.EqualTo(ssh.Values["hostkeyalias"].SingleOrDefault()), "hostkeyalias");
            Assert.That(ours.IdentityAgent, Is.EqualTo(ssh.Values["identityagent"].SingleOrDefault()), "identityagent");
        });
    }

    [TestCaseSource(nameof(RefusedConfigs))]
    public void Refuses_what_ssh_refuses((string Name, string Config) test)
    {
        using var home = new TempDirectory();
        var config = WriteFiles(home, test.Config, NoFiles);
        var ssh = SshDashG.Run(config, home.Path, "a");
        Assert.That(ssh.ExitCode, Is.Not.Zero, "ssh accepted it");

        var error = Assert.Throws<DeployException>(() =>
            new SshConfigResolver([new SshConfigSource(config, IsUserConfig: true)], home.Path, Environment.UserName).Resolve("a"));
        Assert.That(error!.Code, Is.EqualTo("DOKKU4040"));
        Assert.That(error.Message, Does.Contain(config));
    }

    private static readonly string[] DefaultIdentityFiles =
        ["~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ecdsa_sk", "~/.ssh/id_ed25519", "~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss", "~/.ssh/id_dsa"];

    private static string WriteFiles(TempDirectory home, string config, IReadOnlyDictionary<string, string> files)
    {
        Directory.CreateDirectory(home.File(".ssh"));
        foreach (var (path, text) in files)
        {
            var full = home.File(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text.Replace("{home}", home.Path, StringComparison.Ordinal));
        }

        var configPath = home.File("test_config");
        File.WriteAllText(configPath, config.Replace("{home}", home.Path, StringComparison.Ordinal));
        return configPath;
    }

    private static (string Host, string? User, int? Port) ReadCommand(string[] command)
    {
        int? port = null;
        var i = 0;
        if (command[0] == "-p")
        {
            port = int.Parse(command[1], System.Globalization.CultureInfo.InvariantCulture);
            i = 2;
        }

        var target = command[i];
        var at = target.IndexOf('@');
        return at < 0 ? (target, null, port) : (target[(at + 1)..], target[..at], port);
    }
}
