using System.Text;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Testing;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Dokku;

/// <summary>
/// Server output is kept as a bounded tail (a reused MSBuild node must not grow with a long build's output), yet
/// every message that quotes the server still finds what it quotes, and the log still gets every line.
/// </summary>
public class ServerOutputTailTests
{
    private static readonly DokkuRemote Remote = new("dokku", "dokku.example", 22, "hello");

    private static Task WriteBytes(Stream stream, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes("TAR"), cancellationToken).AsTask();

    [TestCaseSource(nameof(TranscriptNames))]
    public void An_output_of_normal_size_is_kept_whole(string name)
    {
        var transcript = Transcript.Load(name);
        var tail = new ServerOutputTail();
        transcript.StandardOutputLines.ToList().ForEach(line => tail.Add(line));
        transcript.StandardErrorLines.ToList().ForEach(line => tail.Add(line, stderr: true));

        var output = tail.ToOutput(transcript.ExitCode);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(output.Stdout, Is.EqualTo(transcript.StandardOutputLines));
            Assert.That(output.Stderr, Is.EqualTo(transcript.StandardErrorLines));
            Assert.That(output.All, Is.EqualTo(transcript.AllLines));
            Assert.That(tail.DroppedLines, Is.Zero);
        }
    }

    [Test]
    public void Keeps_the_last_lines_and_dokkus_marked_lines_from_before_them()
    {
        var tail = new ServerOutputTail(tailLines: 3, markedLines: 2);
        foreach (var line in new[] { "-----> Step one", "noise 1", " !     first error", "noise 2", "=====> Header", "noise 3", "last 1", "last 2", "last 3" })
        {
            tail.Add(line);
        }

        Assert.That(tail.Lines, Is.EqualTo(new[] { " !     first error", "=====> Header", "last 1", "last 2", "last 3" }),
            "the two latest marked lines from before the tail (the oldest, Step one, made room), then the tail");
        Assert.That(tail.DroppedLines, Is.EqualTo(4));
    }

    [Test]
    public void Is_bounded_by_characters_and_cuts_a_huge_line()
    {
        var tail = new ServerOutputTail(tailLines: 1000, tailChars: 100 * 1024);
        tail.Add(new string('x', 1024 * 1024));
        for (var i = 0; i < 100; i++)
        {
            tail.Add(new string('y', 4000));
        }

        var kept = tail.Lines;
        Assert.That(kept.Sum(l => l.Length), Is.LessThanOrEqualTo(100 * 1024));
        Assert.That(kept, Has.All.StartWith("y"), "the old huge line made room");
        Assert.That(kept, Has.Count.EqualTo(25));

        var one = new ServerOutputTail();
        one.Add(new string('z', 1024 * 1024));
        Assert.That(one.Lines.Single(), Has.Length.EqualTo(ServerOutputTail.KeptLineLength + 2), "cut, with a mark that it was");
    }

    [Test]
    public async Task A_failed_health_check_after_200000_lines_of_container_output_is_still_DOKKU5006_and_every_line_was_logged()
    {
        var transcript = Transcript.Load("loadimage-failed-checks.synthesized.txt");
        var noisy = new List<string>();
        foreach (var line in transcript.StandardOutputLines)
        {
            noisy.Add(line);
            if (line.StartsWith("=====> Start of hello container output", StringComparison.Ordinal))
            {
                noisy.AddRange(Enumerable.Range(0, 200_000).Select(i => $"       container line {i}"));
            }
        }

        var log = new RecordingLog();
        var client = new DokkuClient(new FakeRemoteShell(transcript with { StandardOutput = Text(noisy) }), log, Remote);

        var error = (await Assert.ThrowsAsync<DeployException>(() => client.LoadImageAsync("hello", "hello:v4", WriteBytes, CancellationToken.None)))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Code, Is.EqualTo("DOKKU5006"));
            Assert.That(error.Message, Does.Contain("Could not start due to 1 failed checks (web.1)").And.Contain("Healthcheck failed name='default'"));
            Assert.That(log.Steps.Count + log.Details.Count, Is.GreaterThan(200_000), "every line reached the log");
        }
    }

    [Test]
    public async Task A_deploy_after_100000_lines_of_build_output_still_finds_its_url_and_a_pull_failure_its_step()
    {
        var transcript = Transcript.Load("loadimage-first-deploy.stdout.txt");
        var lines = transcript.StandardOutputLines;
        var noisy = lines.Take(1).Concat(Enumerable.Range(0, 100_000).Select(i => $"       build step {i}")).Concat(lines.Skip(1)).ToList();
        var client = new DokkuClient(new FakeRemoteShell(transcript with { StandardOutput = Text(noisy) }), new RecordingLog(), Remote);

        var result = await client.LoadImageAsync("app1", "app1:v1", WriteBytes, CancellationToken.None);

        Assert.That(result.Urls, Is.EqualTo(new[] { "http://vm:35739" }));
    }

    [Test]
    public async Task Logs_stream_every_line_to_the_caller_and_keep_none()
    {
        var lines = Enumerable.Range(0, 50_000).Select(i => $"2026-12-04T00:00:00Z app[web.1]: line {i}").ToList();
        var shell = new FakeRemoteShell(new Transcript("logs", 0, Text(lines), ""));
        var client = new DokkuClient(shell, new RecordingLog(), Remote);
        var seen = new List<string>();

        var count = await client.LogsAsync("hello", 50_000, seen.Add, CancellationToken.None);

        Assert.That(count, Is.EqualTo(50_000));
        Assert.That(seen, Is.EqualTo(lines));
        Assert.That(shell.CommandLines.Single(), Is.EqualTo("logs hello --num 50000"));
    }

    private static IEnumerable<string> TranscriptNames() => Transcript.Names();

    private static string Text(IEnumerable<string> lines) => string.Join("\n", lines) + "\n";
}
