using DokkuDeploy.Core.Dokku;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Dokku;

public class DokkuOutputTests
{
    [TestCase("-----> Releasing hello...", DokkuLineKind.Step, "Releasing hello...")]
    [TestCase("=====> Application deployed:", DokkuLineKind.Header, "Application deployed:")]
    [TestCase("       http://vm:8080", DokkuLineKind.Detail, "http://vm:8080")]
    [TestCase(" !     No changes detected, skipping git commit", DokkuLineKind.Error, "No changes detected, skipping git commit")]
    [TestCase(" !", DokkuLineKind.Error, "")]
    [TestCase("Step 1/8 : FROM hello:v1", DokkuLineKind.Other, "Step 1/8 : FROM hello:v1")]
    [TestCase(" ---> e80ab1fb363b", DokkuLineKind.Other, "---> e80ab1fb363b")]
    [TestCase("", DokkuLineKind.Other, "")]
    [TestCase("       ", DokkuLineKind.Other, "")]
    [TestCase("Loaded image: hello:v1", DokkuLineKind.Other, "Loaded image: hello:v1")]
    [TestCase("remote: -----> Cleaning up...        ", DokkuLineKind.Step, "Cleaning up...")]
    [TestCase("remote:        http://vm:35629        ", DokkuLineKind.Detail, "http://vm:35629")]
    [TestCase("remote:  !     Could not start due to 1 failed checks (web.1)        ", DokkuLineKind.Error, "Could not start due to 1 failed checks (web.1)")]
    [TestCase("-----> Releasing hello...\r", DokkuLineKind.Step, "Releasing hello...")]
    [TestCase("\u001b[1G\u001b[2K-----> Releasing hello...", DokkuLineKind.Step, "Releasing hello...")]
    [TestCase("\u001b[31m !     Failed\u001b[0m", DokkuLineKind.Error, "Failed")]
    [TestCase("\u001b]0;title\u0007=====> Header", DokkuLineKind.Header, "Header")]
    public void Classifies_lines_and_reads_their_message(string line, DokkuLineKind kind, string message)
    {
        Assert.That(DokkuOutput.Classify(line), Is.EqualTo(kind));
        Assert.That(DokkuOutput.Message(line), Is.EqualTo(message));
    }

    [TestCase("Sending build context to Docker daemon  2.048kB\r\r", "Sending build context to Docker daemon  2.048kB")]
    [TestCase("remote: Sending build context to Docker daemon  3.072kB        \rremote: \rremote: ", "Sending build context to Docker daemon  3.072kB")]
    [TestCase("progress 10%\rprogress 50%\rprogress 100%", "progress 100%")]
    [TestCase("remote: ", "")]
    [TestCase("remote:", "")]
    [TestCase("\u001b[2K", "")]
    [TestCase("plain", "plain")]
    [TestCase(null, "")]
    public void Cleans_redraws_prefixes_and_escapes(string? line, string expected)
    {
        Assert.That(DokkuOutput.Clean(line), Is.EqualTo(expected));
    }

    [TestCase("loadimage-aspnet-app.stdout.txt", "http://vm:8080")]
    [TestCase("loadimage-first-deploy.stdout.txt", "http://vm:35739")]
    [TestCase("apps-locked-loadimage.txt", "http://vm:8080")]
    [TestCase("git-push-deploy.stderr.txt", "http://vm:35629")]
    public void Reads_the_deployed_urls(string transcript, string url)
    {
        var lines = Transcript.Load(transcript).AllLines.ToList();
        Assert.That(DokkuOutput.DeployedUrls(lines), Is.EqualTo(new[] { url }));
        Assert.That(DokkuOutput.IsNoChanges(lines), Is.False);
        Assert.That(DokkuOutput.ErrorLines(lines), Is.Empty);
    }

    [Test]
    public void Reads_several_urls_and_stops_at_the_next_section()
    {
        var lines = new[]
        {
            "=====> Application deployed:",
            "       http://a.example.com",
            "       https://b.example.com",
            "",
            "-----> Something else",
            "       http://not-a-url-of-the-app",
            "=====> Another header",
        };
        Assert.That(DokkuOutput.DeployedUrls(lines), Is.EqualTo(new[] { "http://a.example.com", "https://b.example.com" }));
    }

    [Test]
    public void No_urls_without_the_deployed_header()
    {
        Assert.That(DokkuOutput.DeployedUrls(Transcript.Load("loadimage-same-image.txt").AllLines), Is.Empty);
        Assert.That(DokkuOutput.DeployedUrls(Array.Empty<string>()), Is.Empty);
    }

    [Test]
    public void Detects_no_changes()
    {
        var lines = Transcript.Load("loadimage-same-image.txt").AllLines.ToList();
        Assert.That(DokkuOutput.IsNoChanges(lines), Is.True);
        Assert.That(DokkuOutput.ErrorLines(lines), Is.EqualTo(new[]
        {
            "No changes detected, skipping git commit",
            "Call 'ps:rebuild' on app to rebuild the app from existing source",
        }));
    }

    [Test]
    public void Collects_error_lines_from_a_failed_check()
    {
        var lines = Transcript.Load("loadimage-failed-checks.synthesized.txt").AllLines;
        Assert.That(DokkuOutput.ErrorLines(lines), Is.EqualTo(new[]
        {
            "Healthcheck failed name='default' (shim)",
            "Could not start due to 1 failed checks (web.1)",
        }));
    }

    [Test]
    public void Summarize_prefers_error_lines_and_falls_back_to_the_last_lines()
    {
        Assert.That(DokkuOutput.Summarize(Transcript.Load("unknown-command.txt").AllLines),
            Is.EqualTo("`foo:bar` is not a dokku command. / See `dokku help` for a list of available commands."));
        Assert.That(DokkuOutput.Summarize(Transcript.Load("loadimage-garbage.txt").AllLines),
            Is.EqualTo("Error processing tar file(exit status 1): unexpected EOF"));
        Assert.That(DokkuOutput.Summarize(Array.Empty<string>()), Is.EqualTo("Dokku printed no message"));
        Assert.That(DokkuOutput.Summarize(Enumerable.Range(0, 50).Select(i => $"line {i}"), maxLines: 2), Is.EqualTo("line 48 / line 49"));
    }

    [Test]
    public void Every_line_of_every_transcript_cleans_without_control_characters()
    {
        var names = Transcript.Names();
        Assert.That(names, Has.Count.GreaterThanOrEqualTo(40));
        foreach (var name in names)
        {
            foreach (var line in Transcript.Load(name).AllLines)
            {
                var clean = DokkuOutput.Clean(line);
                Assert.That(clean.Any(char.IsControl), Is.False, $"{name}: {line}");
                Assert.That(clean, Does.Not.EndWith(" "));
                Assert.That(clean, Does.Not.StartWith("remote:"));
            }
        }
    }
}
