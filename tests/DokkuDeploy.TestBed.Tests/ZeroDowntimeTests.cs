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
    public async Task ConcurrentDeploysToOneAppNeverOverlapOneIsRefusedByTheDeployLock()
    {
        var app = await CreateAppAsync();
        var first = await BuildAppImageAsync(app, "a", "body a\n");
        var second = await BuildAppImageAsync(app, "b", "body b\n");

        var results = await Task.WhenAll(LoadImageAsync(app, first), LoadImageAsync(app, second));

        // Dokku 0.38 takes the deploy lock "exclusive": a deploy that meets a running one is refused, not queued.
        // Two loads that did not overlap both deploy.
        var report = string.Join("\n\n", results.Select(r => r.ToString()));
        var refused = results.Where(r => r.ExitCode != 0).ToList();
        Assert.That(refused, Has.Count.LessThanOrEqualTo(1), report);
        foreach (var result in refused)
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), report);
            Assert.That(result.StandardOutputLines.TakeLast(2), Is.EqualTo(new[]
            {
                $" !     {app} currently has a deploy lock in place. Exiting...",
                " !     Run 'apps:unlock' to release the existing deploy lock",
            }), report);
        }

        var containers = await ServerDocker.RunCheckedAsync(["ps", "-a", "--filter", $"label=com.dokku.app-name={app}", "--format", "{{.Names}}"]);
        Assert.That(containers.StandardOutputLines, Is.EqualTo(new[] { $"{app}.web.1" }));
        var served = await GetBodyAsync(await CurrentUrlAsync(app));
        var deployed = results.Select((r, i) => (r, body: i == 0 ? "body a\n" : "body b\n")).Where(x => x.r.ExitCode == 0).Select(x => x.body);
        Assert.That(deployed, Does.Contain(served));
    }

    [Test]
    public async Task ARefusedLoadHasCommittedTheImageSoOnlyForceReleasesIt()
    {
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "a", "body a\n");
        var lockHolder = await HoldDeployLockAsync(app);
        try
        {
            var refused = await LoadImageAsync(app, image);
            Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
            Assert.That(refused.StandardOutputLines, Does.Contain($" !     {app} currently has a deploy lock in place. Exiting..."));
            Assert.That((await RunOkAsync($"apps:report {app} --app-locked")).StandardOutput.Trim(), Is.EqualTo("true"));
        }
        finally
        {
            lockHolder.Kill(entireProcessTree: true);
            await lockHolder.WaitForExitAsync();
        }

        var again = await Dokku.RunAsync($"git:from-image {app} {image}");
        Assert.That(again.StandardOutputLines, Does.Contain(" !     No changes detected, skipping git commit"), again.ToString());
        var forced = await Dokku.RunAsync($"git:from-image --force {app} {image}");
        Assert.That(forced.ExitCode, Is.Zero, forced.ToString());
        Assert.That(await GetBodyAsync(await CurrentUrlAsync(app)), Is.EqualTo("body a\n"));
    }

    /// <summary>Takes the app's deploy lock the way a running deploy holds it (an flock on its lock file), from a process of the test's own.</summary>
    async Task<System.Diagnostics.Process> HoldDeployLockAsync(string app)
    {
        // apps:lock makes the file as the dokku user, who must be able to open it for writing later.
        await RunOkAsync($"apps:lock {app}");
        var lockFile = Path.Combine(TestBed.State, app, ".deploy.lock");
        var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", [lockFile, "sleep", "600"]))!;
        for (var i = 0; i < 200; i++)
        {
            using var probe = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", ["-n", lockFile, "true"]))!;
            await probe.WaitForExitAsync();
            if (probe.ExitCode != 0)
            {
                return holder;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("flock never took " + lockFile);
    }

    async Task<Uri> CurrentUrlAsync(string app)
    {
        var port = await ServerDocker.RunCheckedAsync(["port", $"{app}.web.1", "5000/tcp"]);
        return new Uri("http://" + port.StandardOutputLines.First(l => l.StartsWith("127.0.0.1:", StringComparison.Ordinal)));
    }
}
