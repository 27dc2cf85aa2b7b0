using DokkuDeploy.Core.Ssh;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Ssh;

public class KnownHostsFileTests
{
    // Real public keys (blobs are what matter; these were made with ssh-keygen).
    private const string Ed25519A = "AAAAC3NzaC1lZDI1NTE5AAAAIKouS3OHe/s/Kv+gYEHTxK9Ub+5TIE4wiwQREhZ7H1Cn";
    private const string Ed25519B = "AAAAC3NzaC1lZDI1NTE5AAAAIKdnzlZ7P+njCWmIHTlF8pMIOVRF0fJjvCLj9jeEL38D";

    [Test]
    public void Parses_a_plain_line()
    {
        var file = KnownHostsFile.Parse($"dokku.example.com ssh-ed25519 {Ed25519A}\n");

        var entry = file.Find("dokku.example.com", 22).Single();
        Assert.That(entry.KeyType, Is.EqualTo("ssh-ed25519"));
        Assert.That(Convert.ToBase64String(entry.KeyBlob), Is.EqualTo(Ed25519A));
        Assert.That(entry.Marker, Is.EqualTo(KnownHostMarker.None));
        Assert.That(entry.IsHashed, Is.False);
        Assert.That(entry.LineNumber, Is.EqualTo(1));
    }

    [TestCase("dokku.example.com", 22, true)]
    [TestCase("DOKKU.Example.COM", 22, true)]
    [TestCase("dokku.example.com", 2222, false)]
    [TestCase("other.example.com", 22, false)]
    [TestCase("10.0.0.5", 22, true)]
    [TestCase("dokku", 22, true)]
    [TestCase("dokku.example", 22, false)]
    public void Matches_every_name_of_a_comma_list(string host, int port, bool expected)
    {
        var file = KnownHostsFile.Parse($"dokku.example.com,10.0.0.5,dokku ssh-ed25519 {Ed25519A} a comment with spaces");

        Assert.That(file.Find(host, port), Has.Count.EqualTo(expected ? 1 : 0));
    }

    [TestCase("example.com", 2222, true)]
    [TestCase("example.com", 22, false)]
    [TestCase("example.com", 2223, false)]
    [TestCase("127.0.0.1", 3022, true)]
    [TestCase("127.0.0.1", 22, false)]
    public void Matches_bracketed_host_and_port(string host, int port, bool expected)
    {
        var file = KnownHostsFile.Parse($"[example.com]:2222,[127.0.0.1]:3022 ssh-ed25519 {Ed25519A}");

        Assert.That(file.Find(host, port), Has.Count.EqualTo(expected ? 1 : 0));
    }

    [Test]
    public void A_port_22_host_written_in_brackets_is_not_what_OpenSSH_looks_up()
    {
        // OpenSSH writes and looks up plain "host" for port 22; "[host]:22" never matches.
        var file = KnownHostsFile.Parse($"[example.com]:22 ssh-ed25519 {Ed25519A}");

        Assert.That(file.Find("example.com", 22), Is.Empty);
    }

    [TestCase("*.example.com", "dokku.example.com", 22, true)]
    [TestCase("*.example.com", "a.b.example.com", 22, true)]
    [TestCase("*.example.com", "example.com", 22, false)]
    [TestCase("*.example.com", "dokku.example.com", 2222, false)]
    [TestCase("[*.example.com]:2222", "dokku.example.com", 2222, true)]
    [TestCase("[*.example.com]:*", "dokku.example.com", 2200, true)]
    [TestCase("dokku?.example.com", "dokku1.example.com", 22, true)]
    [TestCase("dokku?.example.com", "dokku.example.com", 22, false)]
    [TestCase("dokku?.example.com", "dokku12.example.com", 22, false)]
    [TestCase("192.168.1.*", "192.168.1.77", 22, true)]
    [TestCase("192.168.1.*", "192.168.2.77", 22, false)]
    [TestCase("*", "anything", 22, true)]
    [TestCase("*", "anything", 2222, true)]
    [TestCase("**a*", "bab", 22, true)]
    [TestCase("a*b*c", "axxbyyc", 22, true)]
    [TestCase("a*b*c", "axxbyy", 22, false)]
    public void Matches_wildcards(string pattern, string host, int port, bool expected)
    {
        var file = KnownHostsFile.Parse($"{pattern} ssh-ed25519 {Ed25519A}");

        Assert.That(file.Find(host, port), Has.Count.EqualTo(expected ? 1 : 0));
    }

    [TestCase("dokku.example.com", false)]
    [TestCase("web.example.com", true)]
    [TestCase("DOKKU.example.com", false)]
    public void A_negated_pattern_wins_over_a_positive_one(string host, bool expected)
    {
        var file = KnownHostsFile.Parse($"*.example.com,!dokku.example.com ssh-ed25519 {Ed25519A}");

        Assert.That(file.Find(host, 22), Has.Count.EqualTo(expected ? 1 : 0));
    }

    [Test]
    public void A_line_of_only_negations_matches_nothing()
    {
        var file = KnownHostsFile.Parse($"!dokku.example.com ssh-ed25519 {Ed25519A}");

        Assert.That(file.Find("other.example.com", 22), Is.Empty);
    }

    [Test]
    public void Reads_markers()
    {
        var file = KnownHostsFile.Parse(
            $"@revoked dokku.example.com ssh-ed25519 {Ed25519A}\n" +
            $"@cert-authority *.example.com ssh-ed25519 {Ed25519B}\n" +
            $"@bogus dokku.example.com ssh-ed25519 {Ed25519B}\n");

        var entries = file.Find("dokku.example.com", 22);
        Assert.That(entries.Select(e => e.Marker), Is.EqualTo(new[] { KnownHostMarker.Revoked, KnownHostMarker.CertAuthority }));
    }

    [Test]
    public void Skips_comments_blank_lines_and_bad_lines_and_keeps_line_numbers()
    {
        var file = KnownHostsFile.Parse(string.Join("\r\n",
            "# a comment",
            "",
            "   ",
            "onlyhost",
            "host ssh-ed25519",
            "host ssh-ed25519 !!!notbase64!!!",
            $"host ssh-rsa {Ed25519A}",
            "host ssh-ed25519 AAAA",
            $"|1|bad|hash ssh-ed25519 {Ed25519A}",
            $"|2|c2FsdA==|aGFzaA== ssh-ed25519 {Ed25519A}",
            $"@revoked",
            $"\tdokku.example.com\tssh-ed25519\t{Ed25519A}\t",
            $"   # indented comment ssh-ed25519 {Ed25519A}"));

        Assert.That(file.Entries.Select(e => e.LineNumber), Is.EqualTo(new[] { 12 }));
        Assert.That(file.Find("dokku.example.com", 22), Has.Count.EqualTo(1));
    }

    [Test]
    public void Missing_file_reads_as_empty()
    {
        Assert.That(KnownHostsFile.Load("/nonexistent/dir/known_hosts").Entries, Is.Empty);
    }

    [Test]
    public void Reads_hashed_lines_made_by_ssh_keygen()
    {
        using var dir = new TempDirectory();
        var path = dir.File("known_hosts");
        File.WriteAllText(path,
            $"dokku.example.com ssh-ed25519 {Ed25519A}\n" +
            $"[127.0.0.1]:2222 ssh-ed25519 {Ed25519B}\n" +
            $"Other.Example.COM ssh-ed25519 {Ed25519B}\n");
        ProcessRunner.Run(OpenSsh.SshKeygen, "-H", "-f", path);

        var text = File.ReadAllText(path);
        Assert.That(text, Does.Not.Contain("example.com"), "ssh-keygen -H hashed the names");
        var file = KnownHostsFile.Load(path);

        Assert.That(file.Entries, Has.All.Matches<KnownHostEntry>(e => e!.IsHashed));
        Assert.That(Convert.ToBase64String(file.Find("dokku.example.com", 22).Single().KeyBlob), Is.EqualTo(Ed25519A));
        Assert.That(Convert.ToBase64String(file.Find("127.0.0.1", 2222).Single().KeyBlob), Is.EqualTo(Ed25519B));
        Assert.That(file.Find("other.example.com", 22), Has.Count.EqualTo(1), "OpenSSH hashes the lowercased name");
        Assert.That(file.Find("127.0.0.1", 22), Is.Empty);
        Assert.That(file.Find("dokku.example.com", 2222), Is.Empty);
    }

    [Test]
    public void Reads_a_hashed_line_written_by_ssh()
    {
        // Made by `ssh -o UserKnownHostsFile=… -p 42022 root@127.0.0.1` with HashKnownHosts on (Debian's default).
        var file = KnownHostsFile.Parse(
            "|1|S4fflbQoXqh5+Wm+VqyaQ0js6zg=|jqkS5ofJgW2eJFMEBGYwT5vSuAk= ssh-ed25519 " + Ed25519A + "\n");

        Assert.That(file.Find("127.0.0.1", 42022), Has.Count.EqualTo(1));
        Assert.That(file.Find("127.0.0.1", 22), Is.Empty);
    }

    [TestCase("dokku.example.com", 22, "dokku.example.com ssh-ed25519 ")]
    [TestCase("Dokku.Example.com", 22, "dokku.example.com ssh-ed25519 ")]
    [TestCase("127.0.0.1", 2222, "[127.0.0.1]:2222 ssh-ed25519 ")]
    public void FormatLine_writes_what_OpenSSH_writes_and_reads_back(string host, int port, string prefix)
    {
        var blob = Convert.FromBase64String(Ed25519A);

        var line = KnownHostsFile.FormatLine(host, port, "ssh-ed25519", blob);

        Assert.That(line, Is.EqualTo(prefix + Ed25519A));
        var entry = KnownHostsFile.Parse(line).Find(host, port).Single();
        Assert.That(entry.KeyBlob, Is.EqualTo(blob));
        Assert.That(KnownHostsFile.Parse(line).Find(host, port == 22 ? 2222 : 22), Is.Empty);
    }

    [Test]
    public void FormatLine_writes_the_key_type_of_the_blob_not_the_negotiated_algorithm()
    {
        using var dir = new TempDirectory();
        var key = TestKeys.Generate(dir.Path, "rsa", "rsa");
        var (_, blob) = TestKeys.ReadPublic(key + ".pub");

        Assert.That(KnownHostsFile.FormatLine("h", 22, "rsa-sha2-512", blob), Does.StartWith("h ssh-rsa AAAA"));
    }

    [Test]
    public void FormatLine_output_is_accepted_by_ssh_keygen()
    {
        using var dir = new TempDirectory();
        var key = TestKeys.Generate(dir.Path, "host");
        var (type, blob) = TestKeys.ReadPublic(key + ".pub");
        var path = dir.File("known_hosts");
        File.WriteAllText(path, KnownHostsFile.FormatLine("127.0.0.1", 2222, type, blob) + "\n");

        var found = ProcessRunner.Run(OpenSsh.SshKeygen, "-F", "[127.0.0.1]:2222", "-f", path);

        Assert.That(found, Does.Contain(Convert.ToBase64String(blob)));
    }

    [Test]
    public void Random_garbage_never_crashes_the_parser()
    {
        var random = new Random(20261126);
        var alphabet = "ab*?!,[]:|@ \t\n\r#=+/019AZ-.\0é漢" + "AAAAC3NzaC1lZDI1NTE5";
        for (var round = 0; round < 3000; round++)
        {
            var chars = new char[random.Next(0, 200)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            if (round % 3 == 0)
            {
                // Mix garbage into otherwise valid lines.
                text = $"{text} ssh-ed25519 {Ed25519A}\n|1|{text}|x ssh-ed25519 {Ed25519A}\n@revoked {text}";
            }

            Assert.DoesNotThrow(() =>
            {
                var file = KnownHostsFile.Parse(text);
                _ = file.Find("dokku.example.com", 22);
                _ = file.Find("127.0.0.1", 2222);
                _ = file.Find(text.Length > 0 ? text : "x", 22);
            }, $"round {round}");
        }
    }

    [Test]
    public void Random_bytes_from_a_file_never_crash_Load()
    {
        using var dir = new TempDirectory();
        var random = new Random(4711);
        for (var round = 0; round < 50; round++)
        {
            var bytes = new byte[random.Next(0, 4096)];
            random.NextBytes(bytes);
            var path = dir.File($"kh{round}");
            File.WriteAllBytes(path, bytes);

            Assert.DoesNotThrow(() => KnownHostsFile.Load(path).Find("h", 22));
        }
    }

    [Test]
    public void A_pathological_wildcard_pattern_stays_fast()
    {
        var pattern = string.Concat(Enumerable.Repeat("*a", 200)) + "b";
        var file = KnownHostsFile.Parse($"{pattern} ssh-ed25519 {Ed25519A}");
        var host = new string('a', 250);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(file.Find(host, 22), Is.Empty);
        // A backtracking match would take longer than the universe has; this guards against that, not for speed.
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)));
    }
}
