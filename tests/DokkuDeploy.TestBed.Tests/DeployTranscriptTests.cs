using System.Text.RegularExpressions;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>
/// Recorded deploys of real Dokku, reproduced by the stand-in: the same steps, headers, details and
/// exit codes, with names, ids, ports and the docker build itself normalised away.
/// </summary>
[TestFixture]
public sealed partial class DeployTranscriptTests : StandInTestBase
{
    [Test]
    public async Task LoadImageFirstDeploy()
    {
        var app = await CreateAppAsync();
        await RunOkAsync($"config:set --no-restart {app} GREETING=hi-there");
        var image = await BuildAppImageAsync(app, "v1", "first\n");
        var expected = Transcript.Load("loadimage-first-deploy.stdout.txt");

        var result = await LoadImageAsync(app, image);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(DeployOutput.Normalize(result.StandardOutputLines, app, image),
                Is.EqualTo(DeployOutput.Normalize(expected.StandardOutputLines, "app1", "example/app1:v1")), result.ToString());
            Assert.That(result.StandardError, Is.Empty, "deploy commands write everything to stdout");
        }
        Assert.That(await GetBodyAsync(DeployOutput.DeployedUrl(result.StandardOutputLines)), Is.EqualTo("first\n"));
    }

    [Test]
    public async Task LoadImageSameImageAgainIsNoChanges()
    {
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v3", "same\n");
        var first = await LoadImageAsync(app, image);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        var recorded = Transcript.Load("loadimage-same-image.txt");
        var expected = recorded with { StandardOutput = recorded.StandardOutput.Replace("hello:v3", image, StringComparison.Ordinal) };

        var again = await LoadImageAsync(app, image);

        AssertMatches(expected, again.ExitCode, again.StandardOutputLines, again.StandardErrorLines, again.ToString());
    }

    [Test]
    public async Task LoadImageRedeployOfLockedAppRetiresTheOldContainer()
    {
        var app = await CreateAppAsync();
        var v1 = await BuildAppImageAsync(app, "v1", "one\n");
        var v2 = await BuildAppImageAsync(app, "v2", "two\n");
        Assert.That((await LoadImageAsync(app, v1)).ExitCode, Is.Zero);
        await RunOkAsync($"apps:lock {app}");
        var expected = Transcript.Load("apps-locked-loadimage.txt");

        var result = await LoadImageAsync(app, v2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(expected.ExitCode), result.ToString());
            Assert.That(DeployOutput.Normalize(result.StandardOutputLines, app, v2, dropContainerOutput: true),
                Is.EqualTo(DeployOutput.Normalize(expected.StandardOutputLines, "hello", "hello:v2", dropContainerOutput: true)), result.ToString());
            Assert.That(result.StandardError, Is.Empty);
        }
        Assert.That(await GetBodyAsync(DeployOutput.DeployedUrl(result.StandardOutputLines)), Is.EqualTo("two\n"));
    }

    [Test]
    public async Task GitPushDeploy()
    {
        var app = await CreateAppAsync();
        await RunOkAsync($"config:set --no-restart {app} GREETING=from-git-push");
        using var repository = await GitRepository.CreateAsync(NewApp("pushed\n"));
        var expected = Transcript.Load("git-push-deploy.stderr.txt");

        var result = await repository.PushAsync(Dokku, app);

        var lines = DeployOutput.GitStderrLines(result.StandardError);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(DeployOutput.Normalize(lines, app),
                Is.EqualTo(DeployOutput.Normalize(DeployOutput.GitStderrLines(expected.StandardError), "app2")), result.ToString());
        }
        Assert.That(await GetBodyAsync(DeployOutput.DeployedUrl(lines)), Is.EqualTo("pushed\n"));
    }

    [Test]
    public async Task PsReportOfDeployedApp()
    {
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v1", "ps\n");
        Assert.That((await LoadImageAsync(app, image)).ExitCode, Is.Zero);
        var recorded = ForApp(Transcript.Load("ps-report.txt"), "hello", app);
        Assert.That(Cid().IsMatch(recorded.StandardOutput), Is.True, "the transcript's CID is what gets normalised");
        var expected = recorded with { StandardOutput = Cid().Replace(recorded.StandardOutput, "(CID: <cid>)") };

        var result = await Dokku.RunAsync($"ps:report {app}");

        AssertMatches(expected, result.ExitCode,
            result.StandardOutputLines.Select(line => Cid().Replace(line, "(CID: <cid>)")).ToList(),
            result.StandardErrorLines,
            result.ToString());
    }

    [Test]
    public async Task GitReportAfterImageDeploy()
    {
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v3", "report\n");
        Assert.That((await LoadImageAsync(app, image)).ExitCode, Is.Zero);
        var recorded = ForApp(ForApp(Transcript.Load("git-report.txt"), "hello:v3", image), "hello git", app + " git");
        var expected = recorded with { StandardOutput = GitReportVolatile(recorded.StandardOutput) };

        var result = await Dokku.RunAsync($"git:report {app}");

        AssertMatches(expected, result.ExitCode,
            ProcessResultLines(GitReportVolatile(result.StandardOutput)),
            result.StandardErrorLines,
            result.ToString());
    }

    [Test]
    public async Task LoadImageOfAnImageThatExposesAPortRoutesToIt()
    {
        // The recorded ASP.NET deploy: the image EXPOSEs 8080, so Dokku routes to 8080 (http://vm:8080).
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v1", NewApp("exposed\n") with { ExposedPort = 8080 });
        var expected = Transcript.Load("loadimage-aspnet-app.stdout.txt");

        var result = await LoadImageAsync(app, image);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(DeployOutput.Normalize(result.StandardOutputLines, app, image, dropContainerOutput: true),
                Is.EqualTo(DeployOutput.Normalize(expected.StandardOutputLines, "hello", "hello:v1", dropContainerOutput: true)), result.ToString());
            Assert.That(result.StandardOutputLines, Does.Contain("       starting httpd on 8080 GREETING="));
        }
        Assert.That(await GetBodyAsync(DeployOutput.DeployedUrl(result.StandardOutputLines)), Is.EqualTo("exposed\n"));
    }

    static IReadOnlyList<string> ProcessResultLines(string text) => DokkuDeploy.Testing.ProcessResult.SplitLines(text);

    static string GitReportVolatile(string report) => GitReportTime().Replace(GitReportSha().Replace(report, "<sha>"), "${label}<time>");

    [GeneratedRegex(@"\b[0-9a-f]{40}\b")]
    private static partial Regex GitReportSha();

    [GeneratedRegex(@"(?<label>Git last updated at: +)\d{10}")]
    private static partial Regex GitReportTime();

    [GeneratedRegex(@"\(CID: [0-9a-f]{11}\)")]
    private static partial Regex Cid();
}
