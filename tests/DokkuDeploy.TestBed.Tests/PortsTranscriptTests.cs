using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>
/// The stand-in's ports:report and ports:set answer as Dokku 0.38's plugins/ports does (the transcripts are
/// synthesized from its report.go and tests), and route as its map says.
/// </summary>
[TestFixture]
public sealed class PortsTranscriptTests : StandInTestBase
{
    async Task AssertReportAsync(string transcriptName, string app, string arguments = "")
    {
        var expected = ForApp(Transcript.Load(transcriptName), "hello", app);
        var result = await Dokku.RunAsync($"ports:report {app}{arguments}");
        AssertMatches(expected, result.ExitCode, result.StandardOutputLines, result.StandardErrorLines, result.ToString());
    }

    [Test]
    public async Task AfterAFirstDeployWithoutExposeTheDetectedMapIsHttp80To5000()
    {
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v1", "detected\n");
        Assert.That((await LoadImageAsync(app, image)).ExitCode, Is.Zero);

        await AssertReportAsync("ports-report-first-deploy.synthesized.txt", app);
        await AssertReportAsync("ports-report-map-empty.synthesized.txt", app, " --ports-map");
    }

    [Test]
    public async Task PortsSetIsSilentAndTheReportShowsTheMapSorted()
    {
        var app = await CreateAppAsync();

        var set = await Dokku.RunAsync($"ports:set {app} https:443:5000 http:80:5000");

        AssertMatches(Transcript.Load("ports-set.synthesized.txt"), set.ExitCode, set.StandardOutputLines, set.StandardErrorLines, set.ToString());
        await AssertReportAsync("ports-report-map-set.synthesized.txt", app, " --ports-map");
    }

    [Test]
    public async Task AnExposedPortIsMappedOneToOneAndServedThere()
    {
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v1", NewApp("exposed\n") with { ExposedPort = 8080 });

        var result = await LoadImageAsync(app, image);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var report = await RunOkAsync($"ports:report {app} --ports-map-detected");
        Assert.That(report.StandardOutput.Trim(), Is.EqualTo("http:8080:8080"));
        var url = DeployOutput.DeployedUrl(result.StandardOutputLines);
        Assert.That(url.Port, Is.EqualTo(8080), "Dokku puts an EXPOSEd port's app on that port of its URL");
        Assert.That(await GetBodyAsync(url), Is.EqualTo("exposed\n"));
    }
}
