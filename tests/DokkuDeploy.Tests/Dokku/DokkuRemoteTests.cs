using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Dokku;

public class DokkuRemoteTests
{
    private static readonly object[] ValidRemotes =
    {
        new object[] { "dokku@host:app", "dokku", "host", 22, "app" },
        new object[] { "dokku@example.com:my-app", "dokku", "example.com", 22, "my-app" },
        new object[] { "host:app", "dokku", "host", 22, "app" },
        new object[] { "example.com:app", "dokku", "example.com", 22, "app" },
        new object[] { "10.0.0.5:app", "dokku", "10.0.0.5", 22, "app" },
        new object[] { "dokku@10.0.0.5:app", "dokku", "10.0.0.5", 22, "app" },
        new object[] { "deploy@host:app", "deploy", "host", 22, "app" },
        new object[] { "d.o-k_u@host:app", "d.o-k_u", "host", 22, "app" },
        new object[] { "dokku@host:app.git", "dokku", "host", 22, "app" },
        new object[] { "dokku@host:app/", "dokku", "host", 22, "app" },
        new object[] { "dokku@host:app.git/", "dokku", "host", 22, "app" },
        new object[] { "dokku@host:app.git//", "dokku", "host", 22, "app" },
        new object[] { "dokku@host:my.app", "dokku", "host", 22, "my.app" },
        new object[] { "dokku@host:my.app.git", "dokku", "host", 22, "my.app" },
        new object[] { "  dokku@host:app  ", "dokku", "host", 22, "app" },
        new object[] { "dokku@host_name:app", "dokku", "host_name", 22, "app" },
        new object[] { "dokku@HOST:app", "dokku", "HOST", 22, "app" },
        new object[] { "dokku@localhost:app", "dokku", "localhost", 22, "app" },
        new object[] { "dokku@[::1]:app", "dokku", "::1", 22, "app" },
        new object[] { "[::1]:app", "dokku", "::1", 22, "app" },
        new object[] { "dokku@[2001:db8::1]:app", "dokku", "2001:db8::1", 22, "app" },
        new object[] { "dokku@[fe80::1%eth0]:app", "dokku", "fe80::1%eth0", 22, "app" },
        new object[] { "dokku@[::ffff:10.0.0.1]:app", "dokku", "::ffff:10.0.0.1", 22, "app" },
        new object[] { "dokku@[::1]:app.git", "dokku", "::1", 22, "app" },
        new object[] { "ssh://dokku@host:2222/app", "dokku", "host", 2222, "app" },
        new object[] { "ssh://dokku@host/app", "dokku", "host", 22, "app" },
        new object[] { "ssh://host/app", "dokku", "host", 22, "app" },
        new object[] { "ssh://host:3022/app", "dokku", "host", 3022, "app" },
        new object[] { "SSH://dokku@host:2222/app", "dokku", "host", 2222, "app" },
        new object[] { "ssh://dokku@host:2222/app.git", "dokku", "host", 2222, "app" },
        new object[] { "ssh://dokku@host:2222/app/", "dokku", "host", 2222, "app" },
        new object[] { "ssh://dokku@host:2222/app.git/", "dokku", "host", 2222, "app" },
        new object[] { "ssh://dokku@127.0.0.1:3022/app2", "dokku", "127.0.0.1", 3022, "app2" },
        new object[] { "ssh://127.0.0.1:3022/app2", "dokku", "127.0.0.1", 3022, "app2" },
        new object[] { "ssh://dokku@[::1]:2222/app", "dokku", "::1", 2222, "app" },
        new object[] { "ssh://dokku@[::1]/app", "dokku", "::1", 22, "app" },
        new object[] { "ssh://[2001:db8::2]:22/app", "dokku", "2001:db8::2", 22, "app" },
        new object[] { "ssh://dokku@host:1/app", "dokku", "host", 1, "app" },
        new object[] { "ssh://dokku@host:65535/app", "dokku", "host", 65535, "app" },
        new object[] { "ssh://dokku@host:022/app", "dokku", "host", 22, "app" },
        new object[] { "ssh://deploy@host:22/a.b-c", "deploy", "host", 22, "a.b-c" },
        new object[] { "ssh://dokku@my-host.example.org:2200/1app", "dokku", "my-host.example.org", 2200, "1app" },
        new object[] { "dokku@host:1", "dokku", "host", 22, "1" },
        new object[] { "h:a", "dokku", "h", 22, "a" },
        new object[] { "dokku@h:a", "dokku", "h", 22, "a" },
        new object[] { "dokku@xn--bcher-kva.example:app", "dokku", "xn--bcher-kva.example", 22, "app" },
        new object[] { "root@host:app", "root", "host", 22, "app" },
        new object[] { "ssh://dokku@host:2222//app", "dokku", "host", 2222, "/app" },
    };

    [TestCaseSource(nameof(ValidRemotes))]
    public void Parses_accepted_forms(string text, string user, string host, int port, string app)
    {
        if (app.StartsWith('/'))
        {
            Assert.That(() => DokkuRemote.Parse(text), Throws.TypeOf<DeployException>());
            return;
        }

        var remote = DokkuRemote.Parse(text);
        Assert.That(remote, Is.EqualTo(new DokkuRemote(user, host, port, app)));
        Assert.That(DokkuRemote.TryParse(text, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(remote));
        Assert.That(DokkuRemote.Parse(remote.ToString()), Is.EqualTo(remote), "ToString round-trips");
    }

    [TestCase("dokku@host:app", "ssh://dokku@host:22/app")]
    [TestCase("ssh://dokku@host:2222/app.git", "ssh://dokku@host:2222/app")]
    [TestCase("dokku@[::1]:app", "ssh://dokku@[::1]:22/app")]
    [TestCase("host:app", "ssh://dokku@host:22/app")]
    public void ToString_is_a_full_ssh_url(string text, string expected)
    {
        Assert.That(DokkuRemote.Parse(text).ToString(), Is.EqualTo(expected));
    }

    [TestCase("dokku@host:app", "dokku@host", "ssh dokku@host")]
    [TestCase("ssh://dokku@host:2222/app", "dokku@host", "ssh -p 2222 dokku@host")]
    [TestCase("dokku@[::1]:app", "dokku@::1", "ssh dokku@::1")]
    public void Names_the_server_for_messages(string text, string server, string sshCommand)
    {
        var remote = DokkuRemote.Parse(text);
        Assert.That(remote.Server, Is.EqualTo(server));
        Assert.That(remote.SshCommand, Is.EqualTo(sshCommand));
    }

    private static readonly object[] InvalidRemotes =
    {
        new object[] { "", "DOKKU1001" },
        new object[] { "   ", "DOKKU1001" },
        new object[] { "host", "DOKKU1001" },
        new object[] { "dokku@host", "DOKKU1001" },
        new object[] { "dokku@host:", "DOKKU1001" },
        new object[] { "dokku@host:.git", "DOKKU1001" },
        new object[] { "dokku@host:/", "DOKKU1001" },
        new object[] { "@host:app", "DOKKU1001" },
        new object[] { "dokku@:app", "DOKKU1001" },
        new object[] { ":app", "DOKKU1001" },
        new object[] { "dokku@host:2222:app", "DOKKU1001" },
        new object[] { "dokku@host:/app", "DOKKU1001" },
        new object[] { "dokku@host:apps/app", "DOKKU1001" },
        new object[] { "dokku@host:App", "DOKKU1005" },
        new object[] { "dokku@host:my_app", "DOKKU1005" },
        new object[] { "dokku@host:-app", "DOKKU1005" },
        new object[] { "dokku@host:my app", "DOKKU1005" },
        new object[] { "dokku@ho st:app", "DOKKU1001" },
        new object[] { "dokku@-host:app", "DOKKU1001" },
        new object[] { "dokku@.host:app", "DOKKU1001" },
        new object[] { "dok ku@host:app", "DOKKU1001" },
        new object[] { "-oProxyCommand=x@host:app", "DOKKU1001" },
        new object[] { "dokku@host;rm:app", "DOKKU1001" },
        new object[] { "dokku@[::1:app", "DOKKU1001" },
        new object[] { "dokku@[::1]app", "DOKKU1001" },
        new object[] { "dokku@[::1]:", "DOKKU1001" },
        new object[] { "dokku@[host]:app", "DOKKU1001" },
        new object[] { "dokku@[10.0.0.1]:app", "DOKKU1001" },
        new object[] { "dokku@::1:app", "DOKKU1001" },
        new object[] { "::1:app", "DOKKU1001" },
        new object[] { "https://host/app", "DOKKU1001" },
        new object[] { "http://dokku@host:22/app", "DOKKU1001" },
        new object[] { "git://host/app", "DOKKU1001" },
        new object[] { "file:///srv/app", "DOKKU1001" },
        new object[] { "ssh://", "DOKKU1001" },
        new object[] { "ssh://host", "DOKKU1001" },
        new object[] { "ssh://host/", "DOKKU1001" },
        new object[] { "ssh://dokku@host:2222", "DOKKU1001" },
        new object[] { "ssh://dokku@host:2222/", "DOKKU1001" },
        new object[] { "ssh://dokku@host:0/app", "DOKKU1001" },
        new object[] { "ssh://dokku@host:65536/app", "DOKKU1001" },
        new object[] { "ssh://dokku@host:-1/app", "DOKKU1001" },
        new object[] { "ssh://dokku@host:+22/app", "DOKKU1001" },
        new object[] { "ssh://dokku@host:22x/app", "DOKKU1001" },
        new object[] { "ssh://dokku@host: 22/app", "DOKKU1001" },
        new object[] { "ssh://dokku@host:/app", "DOKKU1001" },
        new object[] { "ssh://dokku@host:99999999999/app", "DOKKU1001" },
        new object[] { "ssh://dokku@/app", "DOKKU1001" },
        new object[] { "ssh://@host/app", "DOKKU1001" },
        new object[] { "ssh://dokku@host/apps/app", "DOKKU1001" },
        new object[] { "ssh://dokku@host/App", "DOKKU1005" },
        new object[] { "ssh://dokku@host/my_app.git", "DOKKU1005" },
        new object[] { "ssh://dokku@[::1/app", "DOKKU1001" },
        new object[] { "ssh://dokku@[nothost]:22/app", "DOKKU1001" },
        new object[] { "ssh://dokku@[::1]x/app", "DOKKU1001" },
        new object[] { "ssh://dokku@::1/app", "DOKKU1001" },
        new object[] { "ssh://dokku:secret@host/app", "DOKKU1001" },
        new object[] { "dokku:secret@host:app", "DOKKU1001" },
        new object[] { "dokku@host:app with space", "DOKKU1005" },
        new object[] { "dokku@host:ap\np", "DOKKU1005" },
        new object[] { "dokku@host:ápp", "DOKKU1005" },
        new object[] { "dokku@hóst:app", "DOKKU1001" },
        new object[] { "dokku@host:app$(id)", "DOKKU1005" },
    };

    [TestCaseSource(nameof(InvalidRemotes))]
    public void Rejects_other_text_with_a_coded_error(string text, string code)
    {
        var error = Assert.Throws<DeployException>(() => DokkuRemote.Parse(text))!;
        Assert.That(error.Code, Is.EqualTo(code), error.Message);
        if (code == "DOKKU1001")
        {
            Assert.That(error.Message, Does.Contain("dokku@host:app").And.Contain("ssh://dokku@host:port/app"), "shows the accepted forms");
        }

        Assert.That(DokkuRemote.TryParse(text, out var remote), Is.False);
        Assert.That(remote, Is.Null);
    }

    [Test]
    public void Parse_of_null_is_coded()
    {
        Assert.That(Assert.Throws<DeployException>(() => DokkuRemote.Parse(null))!.Code, Is.EqualTo("DOKKU1001"));
        Assert.That(DokkuRemote.TryParse(null, out _), Is.False);
    }

    [TestCase("ssh://dokku:hunter2secret@host/app")]
    [TestCase("dokku:hunter2secret@host:app")]
    public void Never_echoes_a_password(string text)
    {
        var error = Assert.Throws<DeployException>(() => DokkuRemote.Parse(text))!;
        Assert.That(error.Message, Does.Not.Contain("hunter2secret"));
        Assert.That(error.Message, Does.Contain("password"));
    }

    private static readonly object[] HostAndAppCases =
    {
        new object[] { "host", "app", "dokku", "host", 22 },
        new object[] { "example.com", "app", "dokku", "example.com", 22 },
        new object[] { "deploy@host", "app", "deploy", "host", 22 },
        new object[] { "host:2222", "app", "dokku", "host", 2222 },
        new object[] { "dokku@host:2222", "app", "dokku", "host", 2222 },
        new object[] { "127.0.0.1:3022", "app", "dokku", "127.0.0.1", 3022 },
        new object[] { "::1", "app", "dokku", "::1", 22 },
        new object[] { "2001:db8::1", "app", "dokku", "2001:db8::1", 22 },
        new object[] { "[::1]", "app", "dokku", "::1", 22 },
        new object[] { "[::1]:2222", "app", "dokku", "::1", 2222 },
        new object[] { "dokku@[::1]:2222", "app", "dokku", "::1", 2222 },
        new object[] { "ssh://dokku@host:2222", "app", "dokku", "host", 2222 },
        new object[] { "ssh://host", "app", "dokku", "host", 22 },
        new object[] { " host ", " app ", "dokku", "host", 22 },
        new object[] { "host/", "app", "dokku", "host", 22 },
    };

    [TestCaseSource(nameof(HostAndAppCases))]
    public void Builds_from_host_and_app(string host, string app, string user, string expectedHost, int port)
    {
        Assert.That(DokkuRemote.FromHostAndApp(host, app), Is.EqualTo(new DokkuRemote(user, expectedHost, port, app.Trim())));
    }

    [TestCase(null, "app", "DOKKU1002")]
    [TestCase("", "app", "DOKKU1002")]
    [TestCase("  ", "app", "DOKKU1002")]
    [TestCase("host", null, "DOKKU1004")]
    [TestCase("host", "", "DOKKU1004")]
    [TestCase("host", "My_App", "DOKKU1005")]
    [TestCase("host:0", "app", "DOKKU1003")]
    [TestCase("host:abc", "app", "DOKKU1003")]
    [TestCase("host:70000", "app", "DOKKU1003")]
    [TestCase("ho st", "app", "DOKKU1003")]
    [TestCase("@host", "app", "DOKKU1003")]
    [TestCase("[::1", "app", "DOKKU1003")]
    [TestCase("[nothost]", "app", "DOKKU1003")]
    [TestCase("dokku:pw@host", "app", "DOKKU1003")]
    [TestCase("host:22:33", "app", "DOKKU1003")]
    public void Rejects_bad_host_or_app(string? host, string? app, string code)
    {
        Assert.That(Assert.Throws<DeployException>(() => DokkuRemote.FromHostAndApp(host, app))!.Code, Is.EqualTo(code));
    }

    [Test]
    public void Random_text_never_crashes_except_with_coded_errors([Range(0, 9)] int seed)
    {
        var random = new Random(seed);
        const string alphabet = "dokuhstap@:/[].-_0123456789 ssh://git\\'\"$*%\u00e9\n\t";
        for (var i = 0; i < 500; i++)
        {
            var length = random.Next(0, 40);
            var text = new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            if (random.Next(4) == 0)
            {
                text = (random.Next(2) == 0 ? "ssh://" : "dokku@") + text;
            }

            try
            {
                var remote = DokkuRemote.Parse(text);
                Assert.That(AppName.IsValid(remote.App), Is.True, text);
                Assert.That(remote.Port, Is.InRange(1, 65535), text);
                Assert.That(DokkuRemote.Parse(remote.ToString()), Is.EqualTo(remote), text);
            }
            catch (DeployException error)
            {
                Assert.That(error.Code, Does.Match("^DOKKU10[0-9][0-9]$"), text);
            }

            try
            {
                DokkuRemote.FromHostAndApp(text, "app");
            }
            catch (DeployException error)
            {
                Assert.That(error.Code, Does.Match("^DOKKU10[0-9][0-9]$"), text);
            }
        }
    }
}
