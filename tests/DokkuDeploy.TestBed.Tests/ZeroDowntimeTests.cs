using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>Health checks from app.json, the old container serving until the new one passes, and
/// deploys of one app serialised.</summary>
[TestFixture]
public sealed class ZeroDowntimeTests : StandInTestBase
{
    const string HealthAppJson =
        """{"healthchecks":{"web":[{"type":"startup","name":"web check","path":"/health","attempts":2,"timeout":2,"wait":1,"content":"ok"}]}}""";

    [Test]
    public async Task FailingHealthcheckKeepsTheOldAppServing()
    {
        var app = await CreateAppAsync();
        var good = await BuildAppImageAsync(app, "good", "old body\n");
        var first = await LoadImageAsync(app, good);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        var url = DeployOutput.DeployedUrl(first.StandardOutputLines);
        // No /health in this image: the check gets a 404 on every attempt.
        var bad = await BuildAppImageAsync(app, "bad", "new body\n", HealthAppJson);

        var result = await LoadImageAsync(app, bad);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardOutputLines, Does.Contain(" !     Could not start due to 1 failed checks (web.1)"));
            Assert.That(result.StandardOutputLines, Does.Contain("       Running healthcheck name='web check' attempts=2 path='/health' timeout=2 type='path' wait=1 (web.1)"));
            Assert.That(result.StandardOutputLines.Any(l => l.StartsWith("=====> Start of " + app + " container output", StringComparison.Ordinal)), Is.True);
            Assert.That(result.StandardOutput, Does.Not.Contain("Application deployed"));
            Assert.That(result.StandardError, Is.Empty);
            Assert.That(await GetBodyAsync(url), Is.EqualTo("old body\n"));
        }
        var containers = await ServerDocker.RunCheckedAsync(["ps", "-a", "--filter", $"label=com.dokku.app-name={app}", "--format", "{{.Names}}"]);
        Assert.That(containers.StandardOutputLines, Is.EqualTo(new[] { $"{app}.web.1" }), "the failed container is removed");
    }

    [Test]
    public async Task PassingHealthcheckReplacesTheApp()
    {
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v1", "healthy\n", HealthAppJson, new Dictionary<string, string> { ["health"] = "ok\n" });

        var result = await LoadImageAsync(app, image);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.StandardOutputLines, Does.Contain("       Healthcheck succeeded name='web check' (web.1)"));
            Assert.That(result.StandardOutputLines, Does.Not.Contain("       No web healthchecks found in app.json. Simple container checks will be performed."));
            Assert.That(await GetBodyAsync(DeployOutput.DeployedUrl(result.StandardOutputLines)), Is.EqualTo("healthy\n"));
        }
    }

    [Test]
    public async Task AppJsonUptimeCheckWithoutAPath()
    {
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v1", "up\n", """{"healthchecks":{"web":[{"type":"startup","name":"stays up","uptime":1}]}}""");

        var result = await LoadImageAsync(app, image);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutputLines, Does.Contain("       Running healthcheck name='stays up' type='uptime' uptime=1 (web.1)"));
        Assert.That(result.StandardOutputLines, Does.Contain("       Healthcheck succeeded name='stays up' (web.1)"));
    }

    [Test]
    public async Task HealthcheckContentMismatchFails()
    {
        var app = await CreateAppAsync();
        var json = HealthAppJson.Replace("\"attempts\":2", "\"attempts\":1", StringComparison.Ordinal);
        var image = await BuildAppImageAsync(app, "v1", "x\n", json, new Dictionary<string, string> { ["health"] = "not good\n" });

        var result = await LoadImageAsync(app, image);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("expected content 'ok' not found"));
        Assert.That((await RunOkAsync($"ps:report {app}")).StandardOutput, Does.Contain("Deployed:                         false"));
    }

    [Test]
    public async Task CrashingAppFailsTheUptimeCheck()
    {
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v1", "x\n");
        // httpd refuses the port and exits at once.
        await RunOkAsync($"config:set --no-restart {app} PORT=not-a-port");

        var result = await LoadImageAsync(app, image);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardOutputLines, Does.Contain(" !     Could not start due to 1 failed checks (web.1)"));
    }

    [Test]
    public async Task ConcurrentDeploysToOneAppBothFinishAndOneServes()
    {
        var app = await CreateAppAsync();
        var first = await BuildAppImageAsync(app, "a", "body a\n");
        var second = await BuildAppImageAsync(app, "b", "body b\n");

        var results = await Task.WhenAll(LoadImageAsync(app, first), LoadImageAsync(app, second));

        Assert.That(results.Select(r => r.ExitCode), Is.All.Zero, string.Join("\n\n", results.Select(r => r.ToString())));
        var urls = results.Select(r => DeployOutput.DeployedUrl(r.StandardOutputLines)).ToList();
        var containers = await ServerDocker.RunCheckedAsync(["ps", "-a", "--filter", $"label=com.dokku.app-name={app}", "--format", "{{.Names}}"]);
        Assert.That(containers.StandardOutputLines, Is.EqualTo(new[] { $"{app}.web.1" }));
        // Serialised: whichever ran second replaced the first, and is the one serving.
        var served = await GetBodyAsync(await CurrentUrlAsync(app));
        Assert.That(served, Is.EqualTo("body a\n").Or.EqualTo("body b\n"));
        Assert.That(urls.Count(u => u == urls[0]), Is.EqualTo(1).Or.EqualTo(2));
    }

    async Task<Uri> CurrentUrlAsync(string app)
    {
        var port = await ServerDocker.RunCheckedAsync(["port", $"{app}.web.1", "5000/tcp"]);
        return new Uri("http://" + port.StandardOutputLines.First(l => l.StartsWith("127.0.0.1:", StringComparison.Ordinal)));
    }
}
