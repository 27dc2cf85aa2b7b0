using DokkuDeploy.Core.Dokku;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Dokku;

/// <summary>Every combination of user, host, port, app and suffix, in both the scp-like and the ssh:// form.</summary>
public class DokkuRemoteCombinationTests
{
    private static readonly string?[] Users = { null, "dokku", "deploy" };
    private static readonly (string Written, string Parsed)[] Hosts =
    {
        ("host", "host"), ("dokku.example.com", "dokku.example.com"), ("10.0.0.7", "10.0.0.7"),
        ("[::1]", "::1"), ("[2001:db8::42]", "2001:db8::42"),
    };
    private static readonly int?[] Ports = { null, 22, 2222, 65535 };
    private static readonly string[] Apps = { "app", "my-app", "a.b", "9" };
    private static readonly string[] Suffixes = { "", ".git", "/", ".git/" };

    private static IEnumerable<TestCaseData> SshUrls() =>
        from user in Users
        from host in Hosts
        from port in Ports
        from app in Apps
        from suffix in Suffixes
        let text = $"ssh://{(user is null ? "" : user + "@")}{host.Written}{(port is null ? "" : ":" + port)}/{app}{suffix}"
        select new TestCaseData(text, new DokkuRemote(user ?? "dokku", host.Parsed, port ?? 22, app)).SetName("ssh " + text);

    private static IEnumerable<TestCaseData> ScpLike() =>
        from user in Users
        from host in Hosts
        from app in Apps
        from suffix in Suffixes
        let text = $"{(user is null ? "" : user + "@")}{host.Written}:{app}{suffix}"
        select new TestCaseData(text, new DokkuRemote(user ?? "dokku", host.Parsed, 22, app)).SetName("scp " + text);

    [TestCaseSource(nameof(SshUrls))]
    [TestCaseSource(nameof(ScpLike))]
    public void Parses(string text, DokkuRemote expected)
    {
        var remote = DokkuRemote.Parse(text);
        Assert.That(remote, Is.EqualTo(expected));
        Assert.That(DokkuRemote.Parse(remote.ToString()), Is.EqualTo(remote));
    }

    private static IEnumerable<TestCaseData> HostSettings() =>
        from user in Users
        from host in Hosts
        from port in Ports
        let text = $"{(user is null ? "" : user + "@")}{host.Written}{(port is null ? "" : ":" + port)}"
        select new TestCaseData(text, new DokkuRemote(user ?? "dokku", host.Parsed, port ?? 22, "app")).SetName("host " + text);

    [TestCaseSource(nameof(HostSettings))]
    public void Builds_from_host_setting(string host, DokkuRemote expected)
    {
        Assert.That(DokkuRemote.FromHostAndApp(host, "app"), Is.EqualTo(expected));
    }
}
