using System.Diagnostics;
using System.Text;
using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Ssh;

namespace DokkuDeploy.Tests.Hostile;

/// <summary>
/// Structure-aware random input, thousands of cases per run, fixed seeds (printed, so a failure names the
/// seed and case that reproduce it). The only exception allowed out is a coded <see cref="DeployException"/>.
/// Adds to the plain random-text tests in Dokku/DokkuRemoteTests and Ssh/KnownHostsFileTests: the
/// .dockerignore matcher and Dokku's output reader had none, TryParse and structured lines had none.
/// </summary>
public class SeededFuzzTests
{
    private const int Rounds = 1000;

    private static readonly string[] GlobFragments =
    [
        "*", "**", "**/", "/**", "?", "!", "/", "//", "[", "]", "[a-z]", "[^x]", "[!x]", "[]a]", "[a-]", "\\", "\\*", "\\[", "\\d", "\\c",
        "..", ".", "./", "../", "#", " ", "\t", "\r", "\uFEFF", "é", "日本", "😀", "\uD800", "a", "b", "src", "bin", "-", "^", "$", "+",
        "(", ")", "{", "}", "|", ".md", "Dockerfile", ".dockerignore", "\0",
    ];

    private static readonly string[] PathFragments =
    [
        "a", "b", "src", "bin", "obj", ".git", "..", ".", "", "x.md", "Dockerfile", ".dockerignore", "日本", "😀", " ", "*", "?", "[", "\\", "a.b", "\n",
    ];

    private static string Pick(Random random, string[] fragments) => fragments[random.Next(fragments.Length)];

    private static string Join(Random random, string[] fragments, int max, string separator = "") =>
        string.Join(separator, Enumerable.Range(0, random.Next(0, max)).Select(_ => Pick(random, fragments)));

    private static void AssertCoded(DeployException e, string context) =>
        Assert.That(e.Code, Does.Match("^DOKKU[0-9]{4}$"), context);

    [Test]
    public void Dockerignore_files_never_crash_the_matcher([Values(1, 2, 3, 4, 5)] int seed)
    {
        var random = new Random(seed);
        int parsed = 0, refused = 0, paths = 0;
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            var lines = Enumerable.Range(0, random.Next(1, 8)).Select(_ => random.Next(40) == 0
                ? string.Concat(Enumerable.Repeat(Pick(random, GlobFragments), 1000)) // a very long line
                : Join(random, GlobFragments, 10));
            var text = string.Join(random.Next(4) == 0 ? "\r\n" : "\n", lines);
            var context = $"seed {seed} round {round}: {Escape(text)}";
            DockerIgnore ignore;
            try
            {
                ignore = DockerIgnore.Parse(text, random.Next(5) == 0 ? Join(random, PathFragments, 4, "/") : "Dockerfile");
                _ = ignore.Patterns;
                parsed++;
            }
            catch (DeployException e)
            {
                AssertCoded(e, context);
                refused++;
                continue;
            }

            for (var p = 0; p < 10; p++)
            {
                var path = (random.Next(6) == 0 ? "/" : "") + Join(random, PathFragments, 7, "/");
                try
                {
                    _ = ignore.IsExcluded(path);
                    paths++;
                }
                catch (DeployException e)
                {
                    AssertCoded(e, context + " path " + Escape(path));
                }
            }
        }

        TestContext.Out.WriteLine($".dockerignore fuzz, seed {seed}: {Rounds} files ({parsed} parsed, {refused} refused with DOKKU2001), {paths} paths matched, {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Test]
    public void Wildcard_heavy_patterns_stay_fast_on_long_names()
    {
        // Go's regexp (RE2) runs in linear time; a backtracking engine given "*a*a*a…b" and a long name of
        // a's does not. A .dockerignore must not be able to hang a deploy.
        string[] patterns = ["*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "**/*a*a*a*a*a*a*a*a*a*a*b", "?*?*?*?*?*?*?*?*?*?*?*b", "[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*b"];
        var name = new string('a', 200);
        foreach (var pattern in patterns)
        {
            var ignore = DockerIgnore.Parse(pattern);
            var clock = Stopwatch.StartNew();
            Assert.That(ignore.IsExcluded(name), Is.False, pattern);
            Assert.That(ignore.IsExcluded("x/y/" + name), Is.False, pattern);
            // Backtracking would take years, not seconds: a hang guard with room for a loaded machine.
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), pattern);
        }
    }

    private static string Maybe(Random random, string part, string[]? fragments = null) => random.Next(4) == 0 ? Pick(random, fragments ?? RemoteFragments) : part;

    private static readonly string[] RemoteFragments =
    [
        "dokku", "@", "ssh://", "git@", "[", "]", "::1", "[::1]", "fe80::1%eth0", ":", ":22", ":2222", ":0", ":65536", ":-1", ":99999999999",
        "/", "//", "app", "my-app", "App", "-", ".", "..", "host", "example.com", "127.0.0.1", "%", " ", "\t", "\n", "é", "日本", "😀", "\0", "?", "#", "~",
        "user:pw@", ".git", "/app.git",
    ];

    [Test]
    public void Remotes_never_crash_TryParse_and_agree_with_Parse([Values(11, 12, 13, 14, 15)] int seed)
    {
        var random = new Random(seed);
        int accepted = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var text = random.Next(3) switch
            {
                0 => Join(random, RemoteFragments, 9),
                1 when random.Next(15) == 0 => new string('a', random.Next(200, 5000)) + "@h:x",
                // Remote-shaped: [ssh://][user@]host[:port](/|:)app, each part sometimes swapped for a random fragment.
                _ => (random.Next(2) == 0 ? "ssh://" : "") + Maybe(random, "dokku@") + Maybe(random, "host") + Maybe(random, ":2222")
                    + (random.Next(2) == 0 ? "/" : ":") + Maybe(random, "my-app"),
            };
            var context = $"seed {seed} round {round}: {Escape(text)}";
            bool ok;
            DokkuRemote? remote = null;
            try
            {
                ok = DokkuRemote.TryParse(text, out remote);
            }
            catch (Exception e)
            {
                Assert.Fail($"TryParse threw {e.GetType().Name}: {e.Message} ({context})");
                return;
            }

            try
            {
                var parsed = DokkuRemote.Parse(text);
                Assert.That(ok, Is.True, "Parse accepted what TryParse refused: " + context);
                Assert.That(parsed, Is.EqualTo(remote), context);
                Assert.That(DokkuRemote.Parse(parsed.ToString()), Is.EqualTo(parsed), "round trip: " + context);
                accepted++;
            }
            catch (DeployException e)
            {
                AssertCoded(e, context);
                Assert.That(ok, Is.False, "TryParse accepted what Parse refused: " + context);
            }

            try
            {
                DokkuRemote.FromHostAndApp(text, Join(random, RemoteFragments, 3));
            }
            catch (DeployException e)
            {
                AssertCoded(e, context);
            }
        }

        TestContext.Out.WriteLine($"remote fuzz, seed {seed}: {Rounds} texts, {accepted} parsed as remotes");
    }

    private const string Ed25519 = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    private static readonly string[] HostFragments =
    [
        "dokku.example.com", "127.0.0.1", "::1", "[127.0.0.1]:2222", "[::1]:22", "[h]:", "[h]:x", "[h", "h]", "*", "?", "*.example.com", "!bad", "!",
        ",", ",,", "|1|", "|1|c2FsdA==|aG1hYw==", "|1|AAAAAAAAAAAAAAAAAAAAAAAAAAA=|AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "|1|!!!|???", "|2|x|y", "|1||", "é", "日本", "\0", " ", "\t", "#",
    ];

    private static readonly string[] KeyFragments = ["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "rsa-sha2-512", "x", "", Ed25519, "AAAA", "====", "!!", "AAAAB3NzaC1yc2E="];

    [Test]
    public void Known_hosts_lines_never_crash_Parse_or_Find([Values(21, 22, 23)] int seed)
    {
        var random = new Random(seed);
        int entries = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var lines = Enumerable.Range(0, random.Next(1, 6)).Select(_ =>
            {
                var marker = random.Next(4) switch { 0 => "@revoked ", 1 => "@cert-authority ", 2 => "@" + Pick(random, HostFragments) + " ", _ => "" };
                var hosts = Join(random, HostFragments, 4, random.Next(2) == 0 ? "," : "");
                var key = random.Next(2) == 0 ? "ssh-ed25519 " + Ed25519 : Pick(random, KeyFragments) + " " + Pick(random, KeyFragments);
                key += random.Next(3) == 0 ? " comment " + Pick(random, HostFragments) : "";
                return (random.Next(10) == 0 ? "  " : "") + marker + hosts + (random.Next(2) == 0 ? " " : "\t") + key;
            });
            var text = string.Join(random.Next(3) == 0 ? "\r\n" : "\n", lines);
            var context = $"seed {seed} round {round}: {Escape(text)}";
            Assert.DoesNotThrow(() =>
            {
                var file = KnownHostsFile.Parse(text);
                entries += file.Entries.Count;
                _ = file.Find("dokku.example.com", 22);
                _ = file.Find("127.0.0.1", 2222);
                _ = file.Find("::1", random.Next(-5, 70000));
                _ = file.Find(Pick(random, HostFragments), random.Next(0, 65536));
                _ = KnownHostsFile.Combine([file, file]).Find("h", 22);
            }, context);
        }

        TestContext.Out.WriteLine($"known_hosts fuzz, seed {seed}: {Rounds} files, {entries} entries parsed");
    }

    private static readonly string[] OutputFragments =
    [
        "-----> ", "=====> ", "       ", " !     ", " !", "remote: ", "remote:", "\r", "\r\r", "\u001b[1G", "\u001b[2K", "\u001b[31m", "\u001b[0m", "\u001b[",
        "\u001b]0;title\u0007", "\u001b]0;unterminated", "\u001b", "\u001b\\", "Application deployed:", "http://vm:8080", "https://", "://",
        "No changes detected", "Releasing app...", " ", "\t", "é", "日本", "😀", "\uD800", "\0", "-----", "=====", "!",
    ];

    [Test]
    public void Dokku_output_never_crashes_the_reader([Values(31, 32, 33)] int seed)
    {
        var random = new Random(seed);
        int urls = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var lines = Enumerable.Range(0, random.Next(0, 20))
                .Select(_ => random.Next(30) == 0 ? null : random.Next(50) == 0 ? new string('\r', 3000) + Join(random, OutputFragments, 5) : Join(random, OutputFragments, 8))
                .ToList();
            if (random.Next(2) == 0)
            {
                // Dokku-shaped: the deployed section, its URL lines mutated.
                lines.Insert(random.Next(lines.Count + 1), Maybe(random, "remote: ", OutputFragments) + "=====> Application deployed:");
                lines.Insert(random.Next(lines.Count + 1), Maybe(random, "       ", OutputFragments) + Maybe(random, "http://vm:8080", OutputFragments) + Maybe(random, "", OutputFragments));
            }
            var context = $"seed {seed} round {round}: {Escape(string.Join("\\n", lines))}";
            Assert.DoesNotThrow(() =>
            {
                foreach (var line in lines)
                {
                    _ = DokkuOutput.Clean(line);
                    _ = DokkuOutput.Classify(line);
                    _ = DokkuOutput.Message(line);
                }

                var text = lines.Select(l => l ?? "").ToList();
                _ = DokkuOutput.ErrorLines(text);
                urls += DokkuOutput.DeployedUrls(text).Count;
                _ = DokkuOutput.IsNoChanges(text);
                _ = DokkuOutput.Summarize(text, random.Next(-2, 15));
            }, context);
        }

        TestContext.Out.WriteLine($"Dokku output fuzz, seed {seed}: {Rounds} outputs, {urls} deployed URLs read");
    }

    private static string Escape(string text)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Length > 300 ? text[..300] + "…" : text)
        {
            shown.Append(c < ' ' || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return shown.ToString();
    }
}
